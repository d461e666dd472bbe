using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent;

namespace Samples.Tutorials;

/// <summary>
/// Variable-length sequences (3 to 30 steps) in one column: the label says whether most values are positive. Rows of
/// different lengths share batches (packed, as PyTorch's pack_padded_sequence), and a row scores the same alone as in
/// a batch. Success when test accuracy exceeds 0.9 (quick: 0.6) and batch and one-row scores agree to 1e-5.
/// </summary>
public sealed class VariableLengthSample : ISample
{
    /// <inheritdoc/>
    public string Name => "VariableLength";

    /// <inheritdoc/>
    public string Description => "Sequences of 3 to 30 steps in one model; batch scores equal one-row scores";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        BinaryRow Row()
        {
            var x = Enumerable.Range(0, rng.Next(3, 31)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            return new BinaryRow { Features = x, Label = x.Count(v => v > 0) * 2 > x.Length };
        }

        var train = Enumerable.Range(0, 1000).Select(_ => Row()).ToList();
        var test = Enumerable.Range(0, 300).Select(_ => Row()).ToList();
        using var model = ml.BinaryClassification.Trainers.Recurrent(new RecurrentBinaryClassificationOptions
        {
            HiddenSize = 32, NumberOfEpochs = settings.Quick ? 3 : 40,
        }).Fit(ml.Data.LoadFromEnumerable(train));
        var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
        double accuracy = ml.BinaryClassification.Evaluate(scored).Accuracy;
        var batchScores = scored.GetColumn<float>("Score").ToArray();
        var engine = ml.Model.CreatePredictionEngine<BinaryRow, ScoreRow>(model);
        double largest = test.Select((row, i) => Math.Abs(engine.Predict(row).Score - batchScores[i])).Max();
        Console.WriteLine(Tutorial.Invariant($"lengths 3–30: test accuracy {accuracy:F3}; largest batch vs one-row score difference {largest:E1}"));
        return new SampleResult(accuracy > (settings.Quick ? 0.6 : 0.9) && largest < 1e-5, Tutorial.Invariant($"variable length: accuracy {accuracy:F3}, batch = one row to {largest:E1}"));
    }

    /// <summary>The score column.</summary>
    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
