using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;

namespace Samples.Tutorials;

/// <summary>
/// Many-to-many: at every step, the sum of the inputs so far, on rows of 5 to 20 steps (variable length, masked loss),
/// with <c>mlContext.Regression.Trainers.RecurrentPerStep</c> and <c>EvaluatePerStep</c>. Success when the test R² over
/// all steps exceeds 0.99 (quick: 0.5).
/// </summary>
public sealed class RunningSumSample : ISample
{
    /// <inheritdoc/>
    public string Name => "RunningSum";

    /// <inheritdoc/>
    public string Description => "Many-to-many: the running sum of a variable-length sequence";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        StepNumberRow Row()
        {
            var x = Enumerable.Range(0, rng.Next(5, 21)).Select(_ => (float)rng.NextDouble()).ToArray();
            float sum = 0;
            return new StepNumberRow { Features = x, Label = x.Select(v => sum += v).ToArray() };
        }

        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 1000).Select(_ => Row()).ToList());
        var testRows = Enumerable.Range(0, 200).Select(_ => Row()).ToList();
        var test = ml.Data.LoadFromEnumerable(testRows);
        using var model = ml.Regression.Trainers.RecurrentPerStep(new RecurrentPerStepRegressionOptions
        {
            HiddenSize = 32, NumberOfEpochs = settings.Quick ? 5 : 60, LearningRate = 0.01f,
        }).Fit(train);

        var metrics = ml.Regression.EvaluatePerStep(model.Transform(test));
        var engine = ml.Model.CreatePredictionEngine<StepNumberRow, StepScoreRow>(model);
        var example = testRows[0];
        var predicted = engine.Predict(example).Score;
        string Format(float[] v) => string.Join(" ", v.Select(x => x.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
        Console.WriteLine($"inputs       {Format(example.Features)}");
        Console.WriteLine($"running sum  {Format(example.Label)}");
        Console.WriteLine($"predicted    {Format(predicted)}");
        Console.WriteLine(Tutorial.Invariant($"test over {testRows.Sum(r => r.Features.Length)} steps: R² {metrics.RSquared:F4}, RMSE {metrics.RootMeanSquaredError:F4}"));
        return new SampleResult(metrics.RSquared > (settings.Quick ? 0.5 : 0.99), Tutorial.Invariant($"running sum: test R² {metrics.RSquared:F4} over every step"));
    }
}
