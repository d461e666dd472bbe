using System;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Windows to forecast from, read in place: nothing is copied or allocated per window.</summary>
internal interface IForecastWindows
{
    /// <summary>Number of windows.</summary>
    int Count { get; }

    /// <summary>The last W values of window <paramref name="index"/>, oldest first, in raw units.</summary>
    ReadOnlySpan<float> Values(int index);

    /// <summary>The covariates of those W steps, C per step (empty when C = 0).</summary>
    ReadOnlySpan<float> Covariates(int index);

    /// <summary>How many of the following steps have known-future covariates (at most H; 0 when there are none).</summary>
    int FutureSteps(int index);

    /// <summary>The F known-future covariates of step <paramref name="step"/> (0-based) after window <paramref name="index"/>.</summary>
    ReadOnlySpan<float> FutureStep(int index, int step);
}
