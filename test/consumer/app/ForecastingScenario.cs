using Microsoft.ML;
using Microsoft.ML.Recurrent;

namespace ConsumerApp;

/// <summary>A recurrent forecaster on a seasonal series with a trend: forecast, evaluate on held-out steps, save;
/// in the second process, load and forecast again from the saved state.</summary>
internal sealed class ForecastingScenario : IScenario
{
    private const int Period = 12, Horizon = 12, Length = 240;

    public string Name => "forecasting";

    public string Train(string directory)
    {
        var ml = new MLContext(seed: 1);
        var series = MakeSeries();
        var history = series[..^Horizon];
        var actual = series[^Horizon..];
        var data = ml.Data.LoadFromEnumerable(history.Select(v => new Observation { Value = v }));

        var model = ml.Forecasting.ForecastByRecurrent(outputColumnName: "Forecast", inputColumnName: "Value", windowSize: 2 * Period,
            horizon: Horizon, confidenceLowerBoundColumn: "Lower", confidenceUpperBoundColumn: "Upper", hiddenSize: 16, numberOfEpochs: 12).Fit(data);
        var forecast = model.CreateForecastEngine<Observation, ForecastRow>(ml).Predict();

        var metrics = ForecastEvaluator.Evaluate(actual, forecast.Forecast, history, Period, forecast.Lower, forecast.Upper);
        double naive = actual.Average(a => Math.Abs(a - history.Average()));
        if (!(metrics.MeanAbsoluteError < naive / 2))
            throw new InvalidOperationException($"MAE on the held-out steps is {metrics.MeanAbsoluteError:F3}; expected under half the series-mean forecast's {naive:F3}.");
        if (!forecast.Forecast.Select((f, i) => forecast.Lower[i] <= f && f <= forecast.Upper[i]).All(inside => inside))
            throw new InvalidOperationException("A forecast lies outside its own bounds.");

        ml.Model.Save(model, data.Schema, Path.Combine(directory, "forecasting-model.zip"));
        SavedScores.Write(Path.Combine(directory, "forecasting-forecast.txt"), [forecast.Forecast, forecast.Lower, forecast.Upper]);
        return $"MAE {metrics.MeanAbsoluteError:F3} (series mean: {naive:F3}), MASE {metrics.MeanAbsoluteScaledError:F3}, coverage {metrics.Coverage:P0}, model saved";
    }

    public string LoadAndCheck(string directory)
    {
        var ml = new MLContext(seed: 2);
        var model = ml.Model.Load(Path.Combine(directory, "forecasting-model.zip"), out _);
        var engine = model.CreateForecastEngine<Observation, ForecastRow>(ml);

        var forecast = engine.Predict();
        SavedScores.CheckEqual("forecasting Predict()", SavedScores.Read(Path.Combine(directory, "forecasting-forecast.txt")),
            [forecast.Forecast, forecast.Lower, forecast.Upper]);
        var next = engine.Predict(new Observation { Value = MakeSeries()[^Horizon] });
        if (next.Forecast.Length != Horizon || next.Forecast.Any(v => !float.IsFinite(v)))
            throw new InvalidOperationException($"forecasting Predict(observation): expected {Horizon} finite values, got [{string.Join(", ", next.Forecast)}].");
        return $"forecast of {Horizon} steps and bounds identical to the saved ones; Predict(observation) works";
    }

    /// <summary>10 + 3·sin(2πt/12) + 0.02·t, with small seeded noise.</summary>
    private static float[] MakeSeries()
    {
        var random = new Random(5);
        return Enumerable.Range(0, Length)
            .Select(t => (float)(10 + 3 * Math.Sin(2 * Math.PI * t / Period) + 0.02 * t + (random.NextDouble() - 0.5) * 0.2))
            .ToArray();
    }

    internal sealed class Observation
    {
        public float Value { get; set; }
    }

    internal sealed class ForecastRow
    {
        public float[] Forecast { get; set; } = [];

        public float[] Lower { get; set; } = [];

        public float[] Upper { get; set; } = [];
    }
}
