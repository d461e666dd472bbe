using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;

namespace Samples.Forecasting;

/// <summary>
/// Forecasts the standard holdout of one real series with <c>ForecastByRecurrent</c> and prints MAE, RMSE, sMAPE, MASE and
/// interval coverage beside the seasonal naive, ETS and ARIMA figures of data/README.md.
/// Success: a lower MASE than the seasonal naive forecast.
/// </summary>
/// <example>
/// <code>
/// // Expected output (full run, seed 1), for example:
/// // AirPassengers, h = 12: 132 training rows, window 48
/// //   MASE 0.6xx sMAPE 4.x | seasonal naive 1.571 | ARIMA 0.608 | ETS 0.749
/// </code>
/// </example>
public sealed class SeriesForecastingSample : ISample
{
    private readonly ForecastingCase _case;

    /// <summary>A sample for <paramref name="forecastingCase"/>.</summary>
    /// <param name="forecastingCase">The series, holdout and references.</param>
    public SeriesForecastingSample(ForecastingCase forecastingCase) => _case = forecastingCase;

    /// <inheritdoc/>
    public string Name => _case.Name;

    /// <inheritdoc/>
    public string Description => $"LSTM forecast of the last {_case.Horizon} steps of {_case.File}{(_case.Covariates.Length > 0 ? $" with {_case.Covariates.Length} covariates" : "")}, against seasonal naive, ETS and ARIMA";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var rows = SeriesFile.Load(_case);
        if (settings.Quick)
            rows = rows[^Math.Min(rows.Length, _case.WindowSize + 2 * _case.Horizon + 200)..];   // quick: just enough rows
        var train = rows[..^_case.Horizon];
        var actual = rows[^_case.Horizon..].Select(r => r.Value).ToArray();
        var history = train.Select(r => r.Value).ToArray();
        Console.WriteLine(Invariant($"{_case.Name}: {train.Length} training rows, window {_case.WindowSize}, horizon {_case.Horizon}, seasonal period {_case.SeasonalPeriod}"));

        var mlContext = new MLContext(seed: settings.Seed);
        var options = new RecurrentForecastingOptions
        {
            InputColumnName = nameof(SeriesRow.Value),
            OutputColumnName = "Forecast",
            ConfidenceLowerBoundColumn = "Lower",
            ConfidenceUpperBoundColumn = "Upper",
            WindowSize = _case.WindowSize,
            Horizon = _case.Horizon,
            Strategy = _case.Strategy,
            SeasonalPeriod = _case.CorrectionPeriod,
            NumberOfEpochs = settings.Quick ? 1 : _case.Epochs,
            MaxWindowsPerEpoch = settings.Quick ? 64 : _case.WindowsPerEpoch,
            CovariateColumnNames = new[] { "C0", "C1", "C2", "C3", "C4", "C5" }.Take(_case.Covariates.Length).ToArray(),
        };

        var watch = Stopwatch.StartNew();
        using var model = mlContext.Forecasting.ForecastByRecurrent(options).Fit(mlContext.Data.LoadFromEnumerable(train));
        var forecast = model.CreateForecastEngine<SeriesRow, ForecastOutput>(mlContext).Predict();
        var metrics = ForecastEvaluator.Evaluate(actual, forecast.Forecast, history, _case.SeasonalPeriod, forecast.Lower, forecast.Upper);
        var naive = Enumerable.Range(0, _case.Horizon).Select(i => history[history.Length - _case.SeasonalPeriod + (i % _case.SeasonalPeriod)]).ToArray();
        var naiveMetrics = ForecastEvaluator.Evaluate(actual, naive, history, _case.SeasonalPeriod);
        Console.WriteLine(Invariant($"  trained {model.TrainingHistory.Epochs.Count} epochs in {watch.Elapsed.TotalSeconds:F1} s (best epoch {model.TrainingHistory.BestEpoch})"));
        Console.WriteLine(Invariant($"  MAE {metrics.MeanAbsoluteError:F3} RMSE {metrics.RootMeanSquaredError:F3} sMAPE {metrics.SymmetricMeanAbsolutePercentageError:F2} MASE {metrics.MeanAbsoluteScaledError:F3} coverage {metrics.Coverage:F2} (95% bounds)"));
        Console.WriteLine(Invariant($"  references MASE: seasonal naive {_case.SeasonalNaiveMase:F3} (here {naiveMetrics.MeanAbsoluteScaledError:F3}) | ARIMA {_case.ArimaMase:F3} | ETS {_case.EtsMase:F3}"));

        double mase = metrics.MeanAbsoluteScaledError;
        bool beatsBest = mase <= Math.Min(_case.ArimaMase, _case.EtsMase);
        // Full run: better than the seasonal naive figure of data/README.md (for taylor that is the weekly naive forecast).
        bool ok = settings.Quick ? double.IsFinite(mase) : mase < _case.SeasonalNaiveMase;
        return new SampleResult(ok, Invariant($"{_case.Name}: MASE {mase:F3} vs seasonal naive {_case.SeasonalNaiveMase:F3}, best of ETS/ARIMA {Math.Min(_case.ArimaMase, _case.EtsMase):F3}{(beatsBest ? " (beaten)" : "")}"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The engine's output.</summary>
    private sealed class ForecastOutput
    {
        public float[] Forecast { get; set; } = [];

        public float[] Lower { get; set; } = [];

        public float[] Upper { get; set; } = [];
    }
}
