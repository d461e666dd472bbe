using System.Collections.Generic;

namespace Microsoft.ML.Recurrent;

/// <summary>A rolling-origin backtest: one fitted model forecasting from every origin of a test span.</summary>
/// <param name="Overall">Metrics over every forecast value of every origin.</param>
/// <param name="MeanAbsoluteErrorByStep">MAE for each step ahead (index 0 = one step ahead).</param>
/// <param name="RootMeanSquaredErrorByStep">RMSE for each step ahead.</param>
/// <param name="Origins">Number of forecast origins.</param>
public sealed record ForecastBacktest(ForecastMetrics Overall, IReadOnlyList<double> MeanAbsoluteErrorByStep,
    IReadOnlyList<double> RootMeanSquaredErrorByStep, int Origins);
