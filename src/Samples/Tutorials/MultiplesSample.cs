using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent;

namespace Samples.Tutorials;

/// <summary>
/// One-to-many: one number in, its first ten multiples out (x, 2x, …, 10x), with
/// <c>mlContext.Regression.Trainers.RecurrentOneToMany</c> on a Single input column. Success when the test R² over
/// all output steps exceeds 0.99 (quick: 0.5).
/// </summary>
public sealed class MultiplesSample : ISample
{
    private const int Multiples = 10;

    /// <inheritdoc/>
    public string Name => "Multiples";

    /// <inheritdoc/>
    public string Description => "One-to-many: the first ten multiples of a number";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        MultiplesRow Row() { float x = (float)rng.NextDouble(); return new MultiplesRow { X = x, Label = Enumerable.Range(1, Multiples).Select(k => k * x).ToArray() }; }
        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 1000).Select(_ => Row()).ToList());
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ => Row()).ToList());

        using var model = ml.Regression.Trainers.RecurrentOneToMany(new RecurrentOneToManyRegressionOptions
        {
            FeatureColumnName = "X", OutputLength = Multiples, HiddenSize = 32, NumberOfEpochs = settings.Quick ? 5 : 60, LearningRate = 0.01f,
        }).Fit(train);
        var metrics = ml.Regression.EvaluatePerStep(model.Transform(test));
        var engine = ml.Model.CreatePredictionEngine<MultiplesRow, StepScoreRow>(model);
        var sevens = engine.Predict(new MultiplesRow { X = 0.7f }).Score;

        Console.WriteLine(Tutorial.Invariant($"multiples of 0.7: {string.Join(" ", sevens.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}"));
        Console.WriteLine(Tutorial.Invariant($"test over {Multiples} steps per row: R² {metrics.RSquared:F4}, RMSE {metrics.RootMeanSquaredError:F4}"));
        return new SampleResult(metrics.RSquared > (settings.Quick ? 0.5 : 0.99), Tutorial.Invariant($"ten multiples: test R² {metrics.RSquared:F4}"));
    }

    /// <summary>A number and its multiples.</summary>
    public sealed class MultiplesRow
    {
        /// <summary>The number.</summary>
        public float X { get; set; }

        /// <summary>x, 2x, …, 10x.</summary>
        [VectorType(Multiples)]
        public float[] Label { get; set; } = [];
    }
}
