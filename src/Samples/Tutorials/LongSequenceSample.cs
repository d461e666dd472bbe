using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;
using Samples.Pictures;

namespace Samples.Tutorials;

/// <summary>
/// The long-sequence task: 1,000-step sequences whose label is the sign of their mean. RNN, LSTM and GRU are trained
/// with gradient diagnostics; the picture shows ‖∂loss/∂x_t‖ against t for each — how far back the training signal
/// reaches. Success when the best gated cell (LSTM or GRU) reaches 0.8 test accuracy (quick: the picture is written).
/// </summary>
public sealed class LongSequenceSample : ISample
{
    /// <inheritdoc/>
    public string Name => "LongSequence";

    /// <inheritdoc/>
    public string Description => "1,000-step sequences (label = sign of the mean): RNN vs LSTM vs GRU and their gradient-by-step picture";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        int steps = settings.Quick ? 100 : 1000;
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        BinaryRow Row(int i)
        {
            double mean = (i % 2 == 0 ? 1 : -1) * 0.25;
            return new BinaryRow { Features = Enumerable.Range(0, steps).Select(_ => (float)(mean + Gaussian(rng))).ToArray(), Label = mean > 0 };
        }

        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 256).Select(Row).ToList());
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 128).Select(Row).ToList());
        var gradients = new Dictionary<string, IReadOnlyList<double>>();
        var accuracy = new Dictionary<RecurrentCellType, double>();
        foreach (var cell in new[] { RecurrentCellType.Rnn, RecurrentCellType.Lstm, RecurrentCellType.Gru })
        {
            var trainer = ml.BinaryClassification.Trainers.Recurrent(new RecurrentBinaryClassificationOptions
            {
                CellType = cell, HiddenSize = 32, NumberOfEpochs = settings.Quick ? 1 : 15, BatchSize = 16, GradientClipNorm = 1,
                RecordGradientDiagnostics = true,
            });
            using var model = TrainingProgress.Fit(ml, $"{cell} on {steps}-step sequences", settings.Quick ? 1 : 15, () => trainer.Fit(train));
            accuracy[cell] = ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;
            gradients[cell.ToString()] = model.TrainingHistory.Epochs[0].InputGradientNorms!;
            var first = gradients[cell.ToString()];
            Console.WriteLine(Tutorial.Invariant($"{cell}: test accuracy {accuracy[cell]:F3}; after epoch 1, ‖∂loss/∂x_t‖ at t = 0 is {first[0]:E2}, at the last step {first[^1]:E2}"));
        }

        var picture = Charts.GradientByStep(gradients, $"Input gradient by time step after the first epoch ({steps} steps)", "gradient-by-step.png");
        Console.WriteLine($"picture {picture}");
        double gated = Math.Max(accuracy[RecurrentCellType.Lstm], accuracy[RecurrentCellType.Gru]);
        bool ok = settings.Quick || gated >= 0.8;
        return new SampleResult(ok, Tutorial.Invariant($"long sequences: accuracy RNN {accuracy[RecurrentCellType.Rnn]:F2}, LSTM {accuracy[RecurrentCellType.Lstm]:F2}, GRU {accuracy[RecurrentCellType.Gru]:F2}"));
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
