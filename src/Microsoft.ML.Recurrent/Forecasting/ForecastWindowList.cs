using System;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Windows given as <see cref="ForecastWindow"/> arrays (the forecast engine's state, recursive forecasting's
/// rolling windows).</summary>
internal sealed class ForecastWindowList : IForecastWindows
{
    private readonly IReadOnlyList<ForecastWindow> _windows;
    private readonly int _futureCount;

    public ForecastWindowList(IReadOnlyList<ForecastWindow> windows, SeriesLayout layout)
    {
        _windows = windows;
        _futureCount = layout.FutureCovariates.Count;
    }

    public int Count => _windows.Count;

    public ReadOnlySpan<float> Values(int index) => _windows[index].Values;

    public ReadOnlySpan<float> Covariates(int index) => _windows[index].Covariates;

    public int FutureSteps(int index)
        => _futureCount == 0 || _windows[index].FutureCovariates is not float[] future ? 0 : future.Length / _futureCount;

    public ReadOnlySpan<float> FutureStep(int index, int step) => _windows[index].FutureCovariates.AsSpan(step * _futureCount, _futureCount);
}
