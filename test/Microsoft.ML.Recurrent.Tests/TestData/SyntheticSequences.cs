using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tests.TestData;

/// <summary>A sequence with a Boolean label.</summary>
public sealed class BinarySequence
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public bool Label { get; set; }
}

/// <summary>A sequence with a text class.</summary>
public sealed class ClassSequence
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public string Label { get; set; } = "";
}

/// <summary>A sequence with a number.</summary>
public sealed class NumberSequence
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public float Label { get; set; }
}

/// <summary>Seeded sequences whose answers are certain: the level of the values decides the class.</summary>
public static class SyntheticSequences
{
    public static readonly string[] ClassNames = { "low", "mid", "high" };

    /// <summary>Rows of 3 to 8 steps of <paramref name="inputSize"/> values around +1 (true) or −1 (false).</summary>
    public static List<BinarySequence> Binary(int count, int seed, int inputSize = 1, bool fixedLength = false)
    {
        var rng = new Random(seed);
        var rows = new List<BinarySequence>();
        for (int i = 0; i < count; i++)
        {
            bool label = i % 2 == 0;
            rows.Add(new BinarySequence { Features = Values(rng, label ? 1f : -1f, inputSize, fixedLength), Label = label });
        }

        return rows;
    }

    /// <summary>Rows around −2, 0 and +2 for the classes "low", "mid" and "high".</summary>
    public static List<ClassSequence> Multiclass(int count, int seed, int inputSize = 1, bool fixedLength = false)
    {
        var rng = new Random(seed);
        var rows = new List<ClassSequence>();
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            rows.Add(new ClassSequence { Features = Values(rng, (c - 1) * 2f, inputSize, fixedLength), Label = ClassNames[c] });
        }

        return rows;
    }

    /// <summary>Rows whose label is the sum of their values.</summary>
    public static List<NumberSequence> Sum(int count, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<NumberSequence>();
        for (int i = 0; i < count; i++)
        {
            var values = new float[rng.Next(3, 7)];
            float sum = 0;
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = (float)rng.NextDouble();
                sum += values[j];
            }

            rows.Add(new NumberSequence { Features = values, Label = sum });
        }

        return rows;
    }

    private static float[] Values(Random rng, float level, int inputSize, bool fixedLength)
    {
        int steps = fixedLength ? 6 : rng.Next(3, 9);
        var values = new float[steps * inputSize];
        for (int i = 0; i < values.Length; i++)
            values[i] = level + (float)(rng.NextDouble() - 0.5) * 0.6f;
        return values;
    }
}
