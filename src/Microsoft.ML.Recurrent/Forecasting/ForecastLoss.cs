namespace Microsoft.ML.Recurrent;

/// <summary>The error a forecaster minimises while training, measured on the network's outputs in window-standardised
/// units (the forecast, or its correction to the seasonal baseline, divided by the window's standard deviation). The
/// same error on the held-out calibration windows chooses the epoch that is kept.</summary>
public enum ForecastLoss
{
    /// <summary>Mean squared error: the forecast aims at the mean of the future values (what RMSE rewards).</summary>
    SquaredError,

    /// <summary>Mean absolute error: the forecast aims at the median of the future values (what MAE, MASE and sMAPE
    /// reward); rare large errors, such as one-off spikes, pull it much less than they pull squared error.</summary>
    AbsoluteError,
}
