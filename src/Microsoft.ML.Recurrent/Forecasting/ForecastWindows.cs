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
        long windows = 0;
        foreach (var s in series)
            windows += Math.Max(0, s.Length - w - h + 1);
        var train = new List<Ref>((int)Math.Min(windows, int.MaxValue));
        var calibration = new List<Ref>((int)Math.Min(windows * (double)calibrationFraction + series.Count, int.MaxValue));
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
}
