namespace Microsoft.ML.Recurrent;

/// <summary>Accuracy of forecasts against what happened.</summary>
/// <param name="MeanAbsoluteError">Mean of |actual − forecast|.</param>
/// <param name="RootMeanSquaredError">Square root of the mean squared error.</param>
/// <param name="SymmetricMeanAbsolutePercentageError">sMAPE in percent: mean of 200·|a − f| / (|a| + |f|).</param>
/// <param name="MeanAbsoluteScaledError">MASE: MAE divided by the in-sample MAE of the seasonal naive forecast.</param>
/// <param name="Coverage">Share of actual values inside the bounds, or null without bounds.</param>
/// <param name="Count">Number of forecast values compared.</param>
public sealed record ForecastMetrics(double MeanAbsoluteError, double RootMeanSquaredError, double SymmetricMeanAbsolutePercentageError,
    double MeanAbsoluteScaledError, double? Coverage, int Count);
