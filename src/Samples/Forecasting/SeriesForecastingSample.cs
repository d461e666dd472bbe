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
/// Success: a lower MASE than the seasonal naive forecast (a case may document why it is known not to reach it: SHORT).
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
    public string Description => $"LSTM forecast of the last {_case.Horizon} steps of {_case.File}{(_case.Covariates.Length > 0 ? $" with {_case.Covariates.Length} covariates" : "")}{(_case.CalendarPeriods.Length > 0 ? $" with calendar covariates (periods {string.Join(", ", _case.CalendarPeriods)})" : "")}, against seasonal naive, ETS and ARIMA";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var rows = SeriesFile.Load(_case);
        if (settings.Quick)
            rows = rows[^Math.Min(rows.Length, _case.WindowSize + 2 * _case.Horizon + 200)..];   // quick: just enough rows
        var train = rows[..^_case.Horizon];
        if (settings.Validate)
            return Validate(train, settings);   // the test rows are not read
        var actual = rows[^_case.Horizon..].Select(r => r.Value).ToArray();
        var history = train.Select(r => r.Value).ToArray();
        Console.WriteLine(Invariant($"{_case.Name}: {train.Length} training rows, window {_case.WindowSize}, horizon {_case.Horizon}, seasonal period {_case.SeasonalPeriod}"));

        var watch = Stopwatch.StartNew();
        var (forecast, lower, upper) = Forecast(train, rows[^_case.Horizon..], settings, report: true);
        var metrics = ForecastEvaluator.Evaluate(actual, forecast, history, _case.SeasonalPeriod, lower, upper);
        var naiveMetrics = ForecastEvaluator.Evaluate(actual, Naive(history), history, _case.SeasonalPeriod);
        Console.WriteLine(Invariant($"  {Models(settings)} trained and forecast in {watch.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(Invariant($"  MAE {metrics.MeanAbsoluteError:F3} RMSE {metrics.RootMeanSquaredError:F3} sMAPE {metrics.SymmetricMeanAbsolutePercentageError:F2} MASE {metrics.MeanAbsoluteScaledError:F3} coverage {metrics.Coverage:F2} (95% bounds)"));
        Console.WriteLine(Invariant($"  references MASE: seasonal naive {_case.SeasonalNaiveMase:F3} (here {naiveMetrics.MeanAbsoluteScaledError:F3}) | ARIMA {_case.ArimaMase:F3} | ETS {_case.EtsMase:F3}"));

        double mase = metrics.MeanAbsoluteScaledError;
        double best = Math.Min(_case.ArimaMase, _case.EtsMase);
        // Full run: better than the seasonal naive figure of data/README.md (for taylor that is the weekly naive forecast).
        bool ok = settings.Quick ? double.IsFinite(mase) : mase < _case.SeasonalNaiveMase;
        var summary = Invariant($"{_case.Name}: MASE {mase:F3} vs seasonal naive {_case.SeasonalNaiveMase:F3}, best of ETS/ARIMA {best:F3} ({(mase <= best ? "matched or beaten" : "not reached")})");
        if (!ok && double.IsFinite(mase) && _case.Shortfall is string shortfall)
            return new SampleResult(true, summary) { Shortfall = shortfall };
        return new SampleResult(ok, summary);
    }

    /// <summary>Forecasts <see cref="ForecastingCase.ValidationOrigins"/> origins at the end of the training rows (the
    /// last one a horizon before their end), each with models fitted on the rows before it, against the seasonal naive
    /// forecast of the README's figure.</summary>
    private SampleResult Validate(SeriesRow[] train, SampleSettings settings)
    {
        int h = _case.Horizon, origins = settings.Quick ? 1 : _case.ValidationOrigins, step = _case.ValidationStep ?? h;
        double mase = 0, naive = 0;
        Console.WriteLine(Invariant($"{_case.Name} validation: {origins} origins {step} steps apart before the last {h} of {train.Length} training rows"));
        for (int v = origins; v >= 1; v--)
        {
            var fit = train[..^(h + (v - 1) * step)];
            var future = train[fit.Length..(fit.Length + h)];
            var actual = future.Select(r => r.Value).ToArray();
            var history = fit.Select(r => r.Value).ToArray();
            var (forecast, lower, upper) = Forecast(fit, future, settings, report: false);
            var metrics = ForecastEvaluator.Evaluate(actual, forecast, history, _case.SeasonalPeriod, lower, upper);
            var naiveMetrics = ForecastEvaluator.Evaluate(actual, Naive(history), history, _case.SeasonalPeriod);
            Console.WriteLine(Invariant($"  origin {fit.Length}: MASE {metrics.MeanAbsoluteScaledError:F3} coverage {metrics.Coverage:F2} | seasonal naive {naiveMetrics.MeanAbsoluteScaledError:F3}"));
            mase += metrics.MeanAbsoluteScaledError / origins;
            naive += naiveMetrics.MeanAbsoluteScaledError / origins;
        }

        return new SampleResult(double.IsFinite(mase), Invariant($"{_case.Name} validation: mean MASE {mase:F3} vs seasonal naive {naive:F3}"));
    }

    /// <summary>The forecast after <paramref name="train"/>, with bounds: the average of <see cref="ForecastingCase.Seeds"/>
    /// models trained with consecutive seeds. Of the <paramref name="future"/> rows (the steps forecast) only the
    /// calendar covariates are passed on, which are known in advance.</summary>
    private (float[] Forecast, float[] Lower, float[] Upper) Forecast(SeriesRow[] train, SeriesRow[] future, SampleSettings settings, bool report)
    {
        var known = future.Select(r => r.CalendarOnly()).ToArray();
        int h = _case.Horizon, seeds = settings.Quick ? 1 : _case.Seeds;
        var average = new SeedAverage(h, seeds);
        for (int i = 0; i < seeds; i++)
        {
            var mlContext = new MLContext(seed: settings.Seed + i);
            var options = new RecurrentForecastingOptions
            {
                InputColumnName = nameof(SeriesRow.Value),
                OutputColumnName = "Forecast",
                ConfidenceLowerBoundColumn = "Lower",
                ConfidenceUpperBoundColumn = "Upper",
                WindowSize = _case.WindowSize,
                Horizon = h,
                Strategy = _case.Strategy,
                SeasonalPeriod = _case.CorrectionPeriod,
                SeasonalBaseline = _case.Baseline,
                Loss = _case.Loss,
                NumberOfEpochs = settings.Quick ? 1 : _case.Epochs,
                MaxWindowsPerEpoch = settings.Quick ? 64 : _case.WindowsPerEpoch,
                CovariateColumnNames = SeriesRow.CovariateColumns[.._case.Covariates.Length],
                FutureCovariateColumnNames = SeriesRow.CalendarColumns[..(2 * _case.CalendarPeriods.Length)],
            };

            using var model = mlContext.Forecasting.ForecastByRecurrent(options).Fit(mlContext.Data.LoadFromEnumerable(train));
            var engine = model.CreateForecastEngine<SeriesRow, ForecastOutput>(mlContext);
            var one = _case.CalendarPeriods.Length > 0 ? engine.PredictWithFuture(known) : engine.Predict();
            if (report)
                Console.WriteLine(Invariant($"  model {i + 1} (seed {settings.Seed + i}): {model.TrainingHistory.Epochs.Count} epochs, best epoch {model.TrainingHistory.BestEpoch}"));
            average.Add(one.Forecast, one.Lower, one.Upper);
        }

        return (average.Forecast, average.Lower, average.Upper);
    }

    /// <summary>The seasonal naive forecast the README's figure is for.</summary>
    private float[] Naive(float[] history)
        => SeedAverage.SeasonalNaive(history, _case.NaivePeriod ?? _case.SeasonalPeriod, _case.Horizon);

    private string Models(SampleSettings settings) => settings.Quick || _case.Seeds == 1 ? "1 model" : Invariant($"{_case.Seeds} models (average)");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The engine's output.</summary>
    private sealed class ForecastOutput
    {
        public float[] Forecast { get; set; } = [];

        public float[] Lower { get; set; } = [];

        public float[] Upper { get; set; } = [];
    }
}
