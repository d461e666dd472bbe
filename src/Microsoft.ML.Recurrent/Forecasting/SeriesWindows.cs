using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Windows cut from series where they lie: each <see cref="ForecastWindows.Ref"/> is read as spans of its
/// series' values and covariates, never copied out.</summary>
/// <remarks>The series must not grow while the windows are read.</remarks>
internal sealed class SeriesWindows : IForecastWindows
{
    private readonly IReadOnlyList<TimeSeries> _series;
    private readonly SeriesLayout _layout;
    private readonly IReadOnlyList<ForecastWindows.Ref> _refs;

    public SeriesWindows(IReadOnlyList<TimeSeries> series, SeriesLayout layout, IReadOnlyList<ForecastWindows.Ref> refs)
    {
        _series = series;
        _layout = layout;
        _refs = refs;
    }

    public int Count => _refs.Count;

    public ReadOnlySpan<float> Values(int index)
    {
        var r = _refs[index];
        int w = _layout.WindowSize;
        return CollectionsMarshal.AsSpan(_series[r.Series].Values).Slice(r.End - w + 1, w);
    }

    public ReadOnlySpan<float> Covariates(int index)
    {
        int c = _layout.CovariateCount;
        if (c == 0)
            return ReadOnlySpan<float>.Empty;
        var r = _refs[index];
        int w = _layout.WindowSize;
        return CollectionsMarshal.AsSpan(_series[r.Series].Covariates).Slice((r.End - w + 1) * c, w * c);
    }

    public int FutureSteps(int index)
    {
        if (_layout.FutureCovariates.Count == 0)
            return 0;
        var r = _refs[index];
        return Math.Min(_layout.Horizon, _series[r.Series].Length - r.End - 1);
    }

    public ReadOnlySpan<float> FutureStep(int index, int step)
    {
        var r = _refs[index];
        int c = _layout.CovariateCount;
        return CollectionsMarshal.AsSpan(_series[r.Series].Covariates).Slice((r.End + 1 + step) * c + _layout.PastCovariates.Count, _layout.FutureCovariates.Count);
    }

    /// <summary>The <paramref name="count"/> values that follow window <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Targets(int index, int count)
    {
        var r = _refs[index];
        return CollectionsMarshal.AsSpan(_series[r.Series].Values).Slice(r.End + 1, count);
    }
}
