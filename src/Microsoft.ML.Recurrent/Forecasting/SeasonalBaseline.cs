namespace Microsoft.ML.Recurrent;

/// <summary>The forecast a network with a <c>SeasonalPeriod</c> m learns to correct.</summary>
public enum SeasonalBaseline
{
    /// <summary>Seasonal naive: the value one season earlier, y[t + k − m].</summary>
    SeasonalNaive,

    /// <summary>The value one season earlier plus the latest change over one season, y[t + k − m] + (y[t] − y[t − m])
    /// (the forecast of a seasonal random walk in differences, ARIMA(0,1,0)(0,1,0)m): follows a level that has moved
    /// since the last season, such as a trend or a warmer week. Needs <c>WindowSize</c> above m.</summary>
    LastSeasonalChange,
}
