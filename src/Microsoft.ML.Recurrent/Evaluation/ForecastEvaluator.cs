using System;
using System.Collections.Generic;
using System.Globalization;

namespace Microsoft.ML.Recurrent;

/// <summary>Forecasting metrics (ML.NET has none): MAE, RMSE, sMAPE, MASE and interval coverage.</summary>
public static class ForecastEvaluator
{
    /// <summary>Metrics of one forecast against the actual values that followed.</summary>
    /// <param name="actual">What happened.</param>
    /// <param name="forecast">What was forecast, same length.</param>
    /// <param name="history">The series before the forecast origin (the training data), for MASE's scale.</param>
    /// <param name="seasonalPeriod">Seasonal period m of the naive forecast that scales MASE (1 for the plain naive forecast).</param>
    /// <param name="lower">Lower bounds, one per actual value, or null; given together with <paramref name="upper"/>.</param>
    /// <param name="upper">Upper bounds, one per actual value, or null; given together with <paramref name="lower"/>.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">The lengths differ, only one of the bounds is given, or a value is not finite.</exception>
    public static ForecastMetrics Evaluate(IReadOnlyList<float> actual, IReadOnlyList<float> forecast, IReadOnlyList<float> history,
        int seasonalPeriod, IReadOnlyList<float>? lower = null, IReadOnlyList<float>? upper = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(history);
        if (actual.Count != forecast.Count || actual.Count == 0)
            throw new ArgumentException($"Expected as many forecasts as actual values (at least one); got {forecast.Count} forecasts and {actual.Count} actual values.", nameof(forecast));
        if ((lower is null) != (upper is null))
        {
            string given = lower is null ? "upper" : "lower", missing = lower is null ? "lower" : "upper";
            throw new ArgumentException(
                $"Got {given} bounds but no {missing} bounds; coverage needs both. Pass {missing} as well (one per actual value), or neither to evaluate the forecast alone.", missing);
        }

        CheckLength(lower, actual.Count, nameof(lower));
        CheckLength(upper, actual.Count, nameof(upper));
        CheckFinite(actual, nameof(actual));
        CheckFinite(forecast, nameof(forecast));
        if (lower is not null)
            CheckFinite(lower, nameof(lower));
        if (upper is not null)
            CheckFinite(upper, nameof(upper));
        var accumulator = new Accumulator(SeasonalNaiveScale(history, seasonalPeriod));
        for (int i = 0; i < actual.Count; i++)
            accumulator.Add(actual[i], forecast[i], lower?[i], upper?[i]);
        return accumulator.Result();
    }

    /// <summary>The in-sample mean absolute error of the seasonal naive forecast y[t] = y[t − m].</summary>
    /// <param name="history">The series.</param>
    /// <param name="seasonalPeriod">The period m (at least 1).</param>
    /// <returns>The scale.</returns>
    public static double SeasonalNaiveScale(IReadOnlyList<float> history, int seasonalPeriod)
    {
        if (seasonalPeriod < 1)
            throw new ArgumentOutOfRangeException(nameof(seasonalPeriod), seasonalPeriod, "The seasonal period must be at least 1 (1 = plain naive forecast).");
        if (history.Count <= seasonalPeriod)
            throw new ArgumentException($"MASE needs more than seasonalPeriod = {seasonalPeriod} values of history; got {history.Count}.", nameof(history));
        CheckFinite(history, nameof(history));
        double sum = 0;
        for (int t = seasonalPeriod; t < history.Count; t++)
            sum += Math.Abs(history[t] - history[t - seasonalPeriod]);
        return sum / (history.Count - seasonalPeriod);
    }

    private static void CheckLength(IReadOnlyList<float>? bounds, int expected, string name)
    {
        if (bounds is not null && bounds.Count != expected)
        {
            throw new ArgumentException(
                $"Expected as many {name} bounds as actual values ({expected}); got {bounds.Count}. Pass the bounds of the same forecast steps as the actual values.", name);
        }
    }

    private static void CheckFinite(IReadOnlyList<float> values, string name)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{name}[{i}] is {values[i].ToString(CultureInfo.InvariantCulture)}; expected finite values only (a missing value would make every metric NaN). " +
                    (name == "history"
                        ? "Fill the gaps in the history first (e.g. interpolate): MASE's scale compares consecutive seasons."
                        : "Leave the steps without a value out of actual, forecast and the bounds alike, or fill them first."), name);
            }
        }
    }

    /// <summary>Sums the errors of many forecast values.</summary>
    internal sealed class Accumulator
    {
        private readonly double _scale;
        private double _abs, _squares, _smape;
        private int _count, _covered, _bounded;

        public Accumulator(double scale) => _scale = scale;

        public void Add(double actual, double forecast, double? lower, double? upper)
        {
            double error = actual - forecast;
            _abs += Math.Abs(error);
            _squares += error * error;
            double denominator = Math.Abs(actual) + Math.Abs(forecast);
            _smape += denominator == 0 ? 0 : 200 * Math.Abs(error) / denominator;
            _count++;
            if (lower is double lo && upper is double hi)
            {
                _bounded++;
                _covered += actual >= lo && actual <= hi ? 1 : 0;
            }
        }

        public ForecastMetrics Result()
        {
            double mae = _abs / Math.Max(_count, 1);
            return new ForecastMetrics(mae, Math.Sqrt(_squares / Math.Max(_count, 1)), _smape / Math.Max(_count, 1),
                _scale > 0 ? mae / _scale : double.NaN, _bounded > 0 ? (double)_covered / _bounded : null, _count);
        }
    }
}
