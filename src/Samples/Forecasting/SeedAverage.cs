namespace Samples.Forecasting;

/// <summary>The mean forecast and bounds of models trained with different seeds, summed one model at a time.</summary>
/// <param name="horizon">Steps per forecast.</param>
/// <param name="models">How many models are averaged.</param>
public sealed class SeedAverage(int horizon, int models)
{
    /// <summary>The mean forecast.</summary>
    public float[] Forecast { get; } = new float[horizon];

    /// <summary>The mean lower bound.</summary>
    public float[] Lower { get; } = new float[horizon];

    /// <summary>The mean upper bound.</summary>
    public float[] Upper { get; } = new float[horizon];

    /// <summary>Adds one model's forecast and bounds.</summary>
    public void Add(float[] forecast, float[] lower, float[] upper)
    {
        for (int k = 0; k < Forecast.Length; k++)
        {
            Forecast[k] += forecast[k] / models;
            Lower[k] += lower[k] / models;
            Upper[k] += upper[k] / models;
        }
    }

    /// <summary>The seasonal naive forecast of <paramref name="horizon"/> steps after <paramref name="history"/>: each
    /// step repeats the value one period of <paramref name="period"/> steps earlier.</summary>
    public static float[] SeasonalNaive(float[] history, int period, int horizon)
    {
        var forecast = new float[horizon];
        for (int i = 0; i < horizon; i++)
            forecast[i] = history[history.Length - period + (i % period)];
        return forecast;
    }
}
