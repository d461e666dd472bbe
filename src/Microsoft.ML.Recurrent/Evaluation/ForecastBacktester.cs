using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Forecasting;

namespace Microsoft.ML.Recurrent;

/// <summary>Rolling-origin evaluation of a fitted forecaster.</summary>
public static class ForecastBacktester
{
    /// <summary>
    /// Forecasts from every origin whose next <c>Horizon</c> steps lie in the last <paramref name="testLength"/> rows of each
    /// series of <paramref name="data"/> (the model is fitted once, beforehand), and compares with what happened.
    /// MASE is scaled by the seasonal naive error of each series' rows before its test span.
    /// </summary>
    /// <param name="model">A fitted forecaster (trained on data before the test span, for an honest backtest).</param>
    /// <param name="data">The series, training part and test span, one row per step.</param>
    /// <param name="testLength">Rows at the end of each series that forecasts may land in.</param>
    /// <param name="seasonalPeriod">Seasonal period for MASE.</param>
    /// <returns>Overall and per-step errors.</returns>
    public static ForecastBacktest Backtest(this RecurrentForecastingTransformer model, IDataView data, int testLength, int seasonalPeriod)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        int h = model.Horizon;
        if (testLength < h)
            throw new ArgumentOutOfRangeException(nameof(testLength), testLength, $"The test span must hold at least Horizon = {h} rows.");
        var scored = model.Transform(data);
        var layout = model.Model.Layout;
        var outputs = model.Outputs;
        var rows = new List<(string Id, float Value, float[] Forecast, float[]? Lower, float[]? Upper)>();
        using (var cursor = scored.GetRowCursor(scored.Schema))
        {
            var reader = new SeriesReader.RowReader(cursor, layout);
            var forecast = cursor.GetGetter<VBuffer<float>>(scored.Schema[outputs.Forecast]);
            var lower = outputs.HasBounds ? cursor.GetGetter<VBuffer<float>>(scored.Schema[outputs.Lower!]) : null;
            var upper = outputs.HasBounds ? cursor.GetGetter<VBuffer<float>>(scored.Schema[outputs.Upper!]) : null;
            VBuffer<float> f = default, lo = default, hi = default;
            while (cursor.MoveNext())
            {
                forecast(ref f);
                lower?.Invoke(ref lo);
                upper?.Invoke(ref hi);
                rows.Add((reader.ReadId(), reader.ReadValue(), f.DenseValues().ToArray(), lower is null ? null : lo.DenseValues().ToArray(), upper is null ? null : hi.DenseValues().ToArray()));
            }
        }

        var abs = new double[h];
        var squares = new double[h];
        int origins = 0;
        var total = new List<(double Actual, double Forecast, double? Lower, double? Upper, double Scale)>();
        foreach (var series in rows.GroupBy(r => r.Id))
        {
            var list = series.ToList();
            int n = list.Count;
            if (n - testLength <= seasonalPeriod)
                throw new ArgumentException($"Series '{series.Key}' has {n} rows; a test span of {testLength} leaves too little history for MASE with seasonal period {seasonalPeriod}.");
            double scale = ForecastEvaluator.SeasonalNaiveScale(list.Take(n - testLength).Select(r => r.Value).ToArray(), seasonalPeriod);
            for (int t = n - testLength - 1; t + h < n; t++)
            {
                if (float.IsNaN(list[t].Forecast[0]))
                    continue;
                origins++;
                for (int k = 0; k < h; k++)
                {
                    double actual = list[t + 1 + k].Value, forecast = list[t].Forecast[k];
                    abs[k] += Math.Abs(actual - forecast);
                    squares[k] += (actual - forecast) * (actual - forecast);
                    total.Add((actual, forecast, list[t].Lower?[k], list[t].Upper?[k], scale));
                }
            }
        }

        if (origins == 0)
            throw new ArgumentException($"No origin has a complete window and horizon inside the data: the series need at least WindowSize + testLength = {model.WindowSize + testLength} rows.");

        // MASE with each series' own scale: average of scaled absolute errors.
        var accumulator = new ForecastEvaluator.Accumulator(1);
        foreach (var (actual, forecast, lower, upper, scale) in total)
            accumulator.Add(actual / scale, forecast / scale, lower / scale, upper / scale);
        var scaled = accumulator.Result();
        var plain = new ForecastEvaluator.Accumulator(1);
        foreach (var (actual, forecast, lower, upper, _) in total)
            plain.Add(actual, forecast, lower, upper);
        var raw = plain.Result();
        var overall = raw with { MeanAbsoluteScaledError = scaled.MeanAbsoluteError };
        return new ForecastBacktest(overall, abs.Select(a => a / origins).ToArray(), squares.Select(s => Math.Sqrt(s / origins)).ToArray(), origins);
    }
}
