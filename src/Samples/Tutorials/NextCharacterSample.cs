using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;
using Samples.Pictures;

namespace Samples.Tutorials;

/// <summary>
/// Next-character prediction on "AbAcAdAeAf…", many-to-many: each row is a window of one-hot characters and its label
/// the character that follows each of them, learned with <c>MulticlassClassification.Trainers.RecurrentPerStep</c> and
/// scored with <c>EvaluatePerStep</c> over every step. RNN, LSTM and GRU each learn it; the hidden states over a window
/// are drawn as heatmaps. After an "A" at a window's first step the next letter cannot be known (no history yet), so
/// the best possible step accuracy is about 0.95. Success when all three reach 0.9 (quick: 0.3).
/// </summary>
public sealed class NextCharacterSample : ISample
{
    private const string Text = "AbAcAdAeAfAgAhAiAjAkAlAmAnAoApAqArAsAtAuAvAwAxAyAz";
    private const int Window = 10;

    /// <inheritdoc/>
    public string Name => "NextChar";

    /// <inheritdoc/>
    public string Description => "Many-to-many next-character prediction on \"AbAcAd…\" with RNN, LSTM and GRU, and their hidden-state pictures";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var vocabulary = Text.Distinct().OrderBy(c => c).ToArray();
        float[] OneHot(string s) => s.SelectMany(c => vocabulary.Select(v => v == c ? 1f : 0f)).ToArray();
        var rows = new List<StepClassRow>();
        for (int i = 0; i + Window < Text.Length; i++)
            rows.Add(new StepClassRow { Features = OneHot(Text.Substring(i, Window)), Label = Text.Substring(i + 1, Window).Select(c => c.ToString()).ToArray() });

        var ml = new MLContext(seed: settings.Seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        bool ok = true;
        var accuracies = new List<string>();
        foreach (var cell in new[] { RecurrentCellType.Rnn, RecurrentCellType.Lstm, RecurrentCellType.Gru })
        {
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.MulticlassClassification.Trainers.RecurrentPerStep(new RecurrentPerStepClassificationOptions
                {
                    InputSize = vocabulary.Length, CellType = cell, HiddenSize = 32, NumberOfEpochs = settings.Quick ? 20 : 300,
                    LearningRate = 0.01f, BatchSize = 16, NormalizeFeatures = false,
                }));
            var model = pipeline.Fit(data);
            double accuracy = ml.MulticlassClassification.EvaluatePerStep(model.Transform(data)).MicroAccuracy;
            var states = model.LastTransformer.GetHiddenStates(OneHot("AdAe"));
            var picture = Charts.HiddenStates(states, $"{cell} hidden states over \"AdAe\"", $"hidden-states-{cell.ToString().ToLowerInvariant()}.png");
            Console.WriteLine(Tutorial.Invariant($"{cell}: training accuracy over every step {accuracy:F3}; picture {picture}"));
            accuracies.Add(Tutorial.Invariant($"{cell} {accuracy:F2}"));
            ok &= accuracy >= (settings.Quick ? 0.3 : 0.9);
            model.LastTransformer.Dispose();
        }

        return new SampleResult(ok, "next character accuracy per step: " + string.Join(", ", accuracies));
    }
}
