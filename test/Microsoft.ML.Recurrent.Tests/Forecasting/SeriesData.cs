using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

/// <summary>One observation.</summary>
public sealed class Observation
{
    public float Value { get; set; }

    public float Load { get; set; }

    public string Series { get; set; } = "";
}

/// <summary>A forecast with bounds.</summary>
public sealed class ForecastResult
{
    public float[] Forecast { get; set; } = Array.Empty<float>();

    public float[] Lower { get; set; } = Array.Empty<float>();

    public float[] Upper { get; set; } = Array.Empty<float>();
}

public static class SeriesData
{
    /// <summary>A sine of period 20 with Gaussian noise of standard deviation <paramref name="noise"/>.</summary>
    public static List<Observation> Sine(int length, int seed, double noise = 0.1, string id = "")
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length)
            .Select(t => new Observation { Value = (float)(Math.Sin(2 * Math.PI * t / 20) + noise * Gaussian(rng)), Load = (float)Math.Cos(2 * Math.PI * t / 20), Series = id })
            .ToList();
    }

    /// <summary>Independent standard normal values around <paramref name="level"/>.</summary>
    public static List<Observation> Noise(int length, int seed, float level = 0, string id = "")
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => new Observation { Value = level + (float)Gaussian(rng), Series = id }).ToList();
    }

    public static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static RecurrentForecastingOptions Options(int window = 20, int horizon = 5, ForecastStrategy strategy = ForecastStrategy.Direct, int epochs = 8)
        => new()
        {
            InputColumnName = nameof(Observation.Value),
            OutputColumnName = "Forecast",
            ConfidenceLowerBoundColumn = "Lower",
            ConfidenceUpperBoundColumn = "Upper",
            WindowSize = window,
            Horizon = horizon,
            Strategy = strategy,
            HiddenSize = 24,
            NumberOfEpochs = epochs,
            LearningRate = 0.01f,
        };
}
