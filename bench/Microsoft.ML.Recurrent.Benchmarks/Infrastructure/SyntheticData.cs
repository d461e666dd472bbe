using System;
using System.Collections.Generic;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>Seeded sequences: noisy sine waves whose mean level decides the label. Costs do not depend on the values.</summary>
internal sealed class SyntheticData
{
    private SyntheticData(List<float[]> rows, float[] labels)
    {
        Rows = rows;
        Labels = labels;
    }

    /// <summary>Flattened time-major sequences.</summary>
    public List<float[]> Rows { get; }

    /// <summary>Regression: a number; binary: 0/1; multiclass: a class index 0..K−1.</summary>
    public float[] Labels { get; }

    /// <summary><paramref name="count"/> rows of <paramref name="minSteps"/> to <paramref name="maxSteps"/> steps (inclusive).</summary>
    public static SyntheticData Create(NetworkSpec spec, int count, int minSteps, int maxSteps, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<float[]>(count);
        var labels = new float[count];
        for (int i = 0; i < count; i++)
        {
            int steps = rng.Next(minSteps, maxSteps + 1);
            float level = (float)(rng.NextDouble() * 2 - 1);
            double frequency = 0.05 + rng.NextDouble() * 0.3;
            var values = new float[steps * spec.InputSize];
            for (int t = 0; t < steps; t++)
            {
                for (int d = 0; d < spec.InputSize; d++)
                    values[t * spec.InputSize + d] = level + (float)(Math.Sin(frequency * t + d) * 0.5 + (rng.NextDouble() - 0.5) * 0.2);
            }

            rows.Add(values);
            labels[i] = spec.Task switch
            {
                BenchTask.Regression => level * 3 + 1,
                BenchTask.Binary => level > 0 ? 1 : 0,
                _ => Math.Min(spec.Classes - 1, (int)((level + 1) / 2 * spec.Classes)),
            };
        }

        return new SyntheticData(rows, labels);
    }

    /// <summary>Given rows and labels.</summary>
    public static SyntheticData FromRows(List<float[]> rows, float[] labels) => new(rows, labels);

    /// <summary>The same rows padded with zeros to the longest row's length.</summary>
    public SyntheticData PaddedToLongest()
    {
        int longest = 0;
        foreach (var r in Rows)
            longest = Math.Max(longest, r.Length);
        var padded = new List<float[]>(Rows.Count);
        foreach (var r in Rows)
        {
            var p = new float[longest];
            r.CopyTo(p, 0);
            padded.Add(p);
        }

        return new SyntheticData(padded, Labels);
    }
}
