using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;
using Samples.Pictures;

namespace Samples.Tutorials;

/// <summary>Many-to-one: six numbers in, their sum out. Success when the test R² exceeds 0.98 (quick: 0.5). Draws the loss curves.</summary>
public sealed class SumOfSixSample : ISample
{
    /// <inheritdoc/>
    public string Name => "SumOfSix";

    /// <inheritdoc/>
    public string Description => "Many-to-one: the sum of six numbers, with training and validation loss curves";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        NumberRow Row() { var x = Enumerable.Range(0, 6).Select(_ => (float)rng.NextDouble()).ToArray(); return new NumberRow { Features = x, Label = x.Sum() }; }
        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 1000).Select(_ => Row()).ToList());
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ => Row()).ToList());
        using var model = ml.Regression.Trainers.Recurrent(new RecurrentRegressionOptions
        {
            HiddenSize = 32, NumberOfEpochs = settings.Quick ? 5 : 40, ValidationSet = test,
        }).Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        var picture = Charts.LossCurves(model.TrainingHistory, "Sum of six numbers: loss per epoch", "loss-curves-sum-of-six.png");
        Console.WriteLine(Tutorial.Invariant($"test R² {metrics.RSquared:F4}, RMSE {metrics.RootMeanSquaredError:F4}; picture {picture}"));
        return new SampleResult(metrics.RSquared > (settings.Quick ? 0.5 : 0.98), Tutorial.Invariant($"sum of six: test R² {metrics.RSquared:F4}"));
    }
}
