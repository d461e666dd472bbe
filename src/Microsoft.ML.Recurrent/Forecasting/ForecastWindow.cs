namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>The past a forecast starts from, in raw units.</summary>
/// <param name="Values">The last W values.</param>
/// <param name="Covariates">The last W steps' covariates, C per step (null when C = 0).</param>
/// <param name="FutureCovariates">Known-future covariates of the steps to forecast, one row of the future covariate
/// columns per step (null when there are none, or they are unknown).</param>
internal readonly record struct ForecastWindow(float[] Values, float[]? Covariates, float[]? FutureCovariates);
