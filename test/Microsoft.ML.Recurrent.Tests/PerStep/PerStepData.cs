using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tests.PerStep;

/// <summary>A sequence with one number per step.</summary>
public sealed class StepNumbers
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    [VectorType]
    public float[] Label { get; set; } = Array.Empty<float>();
}

/// <summary>A sequence with one class name per step.</summary>
public sealed class StepClasses
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    [VectorType]
    public string[] Tags { get; set; } = Array.Empty<string>();
}

/// <summary>The outputs of a per-step regressor.</summary>
public sealed class StepScores
{
    [VectorType]
    public float[] Score { get; set; } = Array.Empty<float>();
}

/// <summary>The outputs of a per-step classifier after MapKeyToValue.</summary>
public sealed class StepPredictions
{
    [VectorType]
    public string[] PredictedTags { get; set; } = Array.Empty<string>();

    [VectorType]
    public float[] Score { get; set; } = Array.Empty<float>();
}

/// <summary>One number, and its first multiples.</summary>
public sealed class NumberAndMultiples
{
    public float X { get; set; }

    [VectorType(5)]
    public float[] Label { get; set; } = Array.Empty<float>();
}

/// <summary>Seeded per-step data whose answers are certain.</summary>
public static class PerStepData
{
    /// <summary>Rows of 3 to 8 steps of values in [−1, 1] labelled with their running sum.</summary>
    public static List<StepNumbers> RunningSums(int count, int seed, int minSteps = 3, int maxSteps = 8)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, rng.Next(minSteps, maxSteps + 1)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            float sum = 0;
            return new StepNumbers { Features = x, Label = x.Select(v => sum += v).ToArray() };
        }).ToList();
    }

    /// <summary>Rows of 3 to 8 steps of values in [−1, 1] tagged "pos" or "neg" by the sign of the step's value.</summary>
    public static List<StepClasses> Signs(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, rng.Next(3, 9)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            return new StepClasses { Features = x, Tags = x.Select(v => v > 0 ? "pos" : "neg").ToArray() };
        }).ToList();
    }

    /// <summary>Numbers in [0.1, 1] with their first five multiples.</summary>
    public static List<NumberAndMultiples> Multiples(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            float x = (float)(0.1 + rng.NextDouble() * 0.9);
            return new NumberAndMultiples { X = x, Label = Enumerable.Range(1, 5).Select(k => k * x).ToArray() };
        }).ToList();
    }
}
