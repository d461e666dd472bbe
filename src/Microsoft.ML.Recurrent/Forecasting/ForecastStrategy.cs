namespace Microsoft.ML.Recurrent;

/// <summary>How a forecaster produces several future steps.</summary>
public enum ForecastStrategy
{
    /// <summary>The network emits all <c>Horizon</c> values at once from the window (multi-output).</summary>
    Direct,

    /// <summary>The network predicts one step; the prediction is fed back as the next input, <c>Horizon</c> times.</summary>
    Recursive,
}
