using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;
using Samples.Pictures;

namespace Samples.Tutorials;

/// <summary>Sine-wave next-value forecasting with <c>ForecastByRecurrent</c>; backtested over the last 200 steps.
/// Success when the backtest MASE (against the naive forecast) is below 0.3 (quick: below 1). Draws forecast vs actual.</summary>
public sealed class SineSample : ISample
{
    /// <inheritdoc/>
    public string Name => "Sine";

    /// <inheritdoc/>
    public string Description => "Next values of a noisy sine wave, with the forecast-vs-actual picture and its interval band";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        var series = Enumerable.Range(0, 1200).Select(t => new SeriesPoint { Value = (float)(Math.Sin(2 * Math.PI * t / 50) + 0.05 * (rng.NextDouble() - 0.5)) }).ToArray();
        var train = series[..1000];
        using var model = ml.Forecasting.ForecastByRecurrent(new RecurrentForecastingOptions
        {
            InputColumnName = nameof(SeriesPoint.Value), WindowSize = 50, Horizon = 10, NumberOfEpochs = settings.Quick ? 2 : 30,
            ConfidenceLowerBoundColumn = "Lower", ConfidenceUpperBoundColumn = "Upper",
        }).Fit(ml.Data.LoadFromEnumerable(train));
        var backtest = model.Backtest(ml.Data.LoadFromEnumerable(series), testLength: 200, seasonalPeriod: 1);
        var next = model.CreateForecastEngine<SeriesPoint, ForecastOutput>(ml).Predict();
        var picture = Charts.Forecast(train.Select(p => p.Value).ToArray(), series[1000..1010].Select(p => p.Value).ToArray(), next.Forecast, next.Lower, next.Upper,
            "Sine: forecast of the next 10 values", "forecast-sine.png");
        Console.WriteLine(Tutorial.Invariant($"backtest over {backtest.Origins} origins: MAE {backtest.Overall.MeanAbsoluteError:F4}, MASE {backtest.Overall.MeanAbsoluteScaledError:F3}, coverage {backtest.Overall.Coverage:F2}; picture {picture}"));
        return new SampleResult(backtest.Overall.MeanAbsoluteScaledError < (settings.Quick ? 1 : 0.3), Tutorial.Invariant($"sine: backtest MASE {backtest.Overall.MeanAbsoluteScaledError:F3}"));
    }

    /// <summary>One step of the series.</summary>
    private sealed class SeriesPoint
    {
        public float Value { get; set; }
    }

    /// <summary>The engine's output.</summary>
    private sealed class ForecastOutput
    {
        public float[] Forecast { get; set; } = [];

        public float[] Lower { get; set; } = [];

        public float[] Upper { get; set; } = [];
    }
}
