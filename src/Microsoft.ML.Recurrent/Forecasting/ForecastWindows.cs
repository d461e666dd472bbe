using System;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Cuts series into training windows: each ends at step t and is followed by the next H values.</summary>
internal static class ForecastWindows
{
    /// <summary>A window of series <paramref name="Series"/> ending at step <paramref name="End"/>.</summary>
    internal readonly record struct Ref(int Series, int End);

    /// <summary>Training and calibration windows; the calibration ones are each series' most recent.</summary>
    public static (List<Ref> Train, List<Ref> Calibration) Split(IReadOnlyList<TimeSeries> series, SeriesLayout layout, float calibrationFraction)
    {
        int w = layout.WindowSize, h = layout.Horizon;
        var train = new List<Ref>();
        var calibration = new List<Ref>();
        var tooShort = new List<string>();
        for (int s = 0; s < series.Count; s++)
        {
            int count = series[s].Length - w - h + 1;
            if (count <= 0)
            {
                tooShort.Add($"'{series[s].Id}' ({series[s].Length} rows)");
                continue;
            }

            int held = calibrationFraction > 0 && count >= 4 ? Math.Max(1, (int)Math.Round(count * calibrationFraction)) : 0;
            for (int i = 0; i < count; i++)
                (i < count - held ? train : calibration).Add(new Ref(s, w - 1 + i));
        }

        if (train.Count == 0)
        {
            throw new ArgumentException(
                $"No series is long enough to train on: each needs at least WindowSize + Horizon = {w} + {h} = {w + h} rows, " +
                $"but {(series.Count == 1 ? "the series has" : "the series have")} {string.Join(", ", tooShort)}. Use more data, or a smaller WindowSize or Horizon.");
        }

        return (train, calibration);
    }

    /// <summary>The window ending at <paramref name="r"/>, with the known-future covariates of the following H steps.</summary>
    public static ForecastWindow Window(IReadOnlyList<TimeSeries> series, Ref r, SeriesLayout layout)
    {
        var s = series[r.Series];
        int w = layout.WindowSize, c = layout.CovariateCount;
        int first = r.End - w + 1;
        var values = s.Values.GetRange(first, w).ToArray();
        var covariates = c > 0 ? s.Covariates.GetRange(first * c, w * c).ToArray() : null;
        return new ForecastWindow(values, covariates, FutureCovariates(s, r.End, layout));
    }

    /// <summary>The H values that follow <paramref name="r"/>.</summary>
    public static float[] Targets(IReadOnlyList<TimeSeries> series, Ref r, int horizon)
        => series[r.Series].Values.GetRange(r.End + 1, horizon).ToArray();

    /// <summary>Known-future covariates of steps end+1 … end+H (as many as the series has), or null when there are none.</summary>
    public static float[]? FutureCovariates(TimeSeries s, int end, SeriesLayout layout)
    {
        int f = layout.FutureCovariates.Count, c = layout.CovariateCount, p = layout.PastCovariates.Count;
        if (f == 0)
            return null;
        int steps = Math.Min(layout.Horizon, s.Length - end - 1);
        var future = new float[steps * f];
        for (int k = 0; k < steps; k++)
            s.Covariates.CopyTo((end + 1 + k) * c + p, future, k * f, f);
        return future;
    }
}
