using System;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>
/// Groups an epoch's shuffled rows into mini-batches of similar length: each pool of <see cref="PoolBatches"/>
/// consecutive batches is sorted by length and cut into batches, and then the order of all batches is shuffled.
/// A batch then costs about its rows' own length instead of the longest of a random draw, while every row is still
/// seen once per epoch in a seeded random order of batches.
/// </summary>
internal static class LengthBuckets
{
    /// <summary>Batches per pool sorted together.</summary>
    public const int PoolBatches = 100;

    /// <summary>Whether the rows differ in length (otherwise bucketing changes nothing and is skipped).</summary>
    public static bool Vary(IReadOnlyList<float[]> rows)
    {
        for (int i = 1; i < rows.Count; i++)
        {
            if (rows[i].Length != rows[0].Length)
                return true;
        }

        return false;
    }

    /// <summary>Reorders <paramref name="order"/> (already shuffled) into length buckets, in place.</summary>
    /// <param name="order">Row indices of one epoch.</param>
    /// <param name="rows">The rows, for their lengths.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="rng">The epoch's generator, for the order of the batches.</param>
    public static void Apply(int[] order, IReadOnlyList<float[]> rows, int batchSize, Random rng)
    {
        int pool = batchSize * PoolBatches;
        for (int start = 0; start < order.Length; start += pool)
        {
            // Stable: rows of equal length keep their shuffled order.
            var span = order.AsSpan(start, Math.Min(pool, order.Length - start));
            var keys = new long[span.Length];
            for (int i = 0; i < span.Length; i++)
                keys[i] = (long)rows[span[i]].Length * order.Length + i;
            keys.AsSpan().Sort(span);
        }

        int batches = (order.Length + batchSize - 1) / batchSize;
        var batchOrder = new int[batches];
        for (int b = 0; b < batches; b++)
            batchOrder[b] = b;
        RecurrentTrainingLoop.Shuffle(batchOrder, rng);

        var sorted = (int[])order.Clone();
        int position = 0;
        foreach (int b in batchOrder)
        {
            int from = b * batchSize, count = Math.Min(batchSize, order.Length - from);
            Array.Copy(sorted, from, order, position, count);
            position += count;
        }
    }
}
