using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;

namespace Samples.Tutorials;

/// <summary>One-to-one: a sequence of one step, x → x². Success when the test RMSE is below 0.05 (quick: below 0.3).</summary>
public sealed class SquareSample : ISample
{
    /// <inheritdoc/>
    public string Name => "Square";

    /// <inheritdoc/>
    public string Description => "One-to-one: the square of a number, from a one-step sequence";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        NumberRow Row() { float x = (float)(rng.NextDouble() * 2 - 1); return new NumberRow { Features = [x], Label = x * x }; }
        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 512).Select(_ => Row()).ToList());
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ => Row()).ToList());
        using var model = ml.Regression.Trainers.Recurrent(new RecurrentRegressionOptions { HiddenSize = 16, NumberOfEpochs = settings.Quick ? 10 : 100, LearningRate = 0.01f }).Fit(train);
        var rmse = ml.Regression.Evaluate(model.Transform(test)).RootMeanSquaredError;
        Console.WriteLine(Tutorial.Invariant($"test RMSE {rmse:F4} (x in [-1, 1], x² in [0, 1])"));
        return new SampleResult(rmse < (settings.Quick ? 0.3 : 0.05), Tutorial.Invariant($"x → x²: test RMSE {rmse:F4}"));
    }
}
