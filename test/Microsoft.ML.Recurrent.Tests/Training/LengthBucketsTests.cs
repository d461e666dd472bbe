using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Training;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class LengthBucketsTests
{
    [Fact]
    public void Apply_MixedLengths_EveryRowOnceInBatchesOfSimilarLength()
    {
        var rows = Rows(count: 2_000, seed: 1);
        var order = Shuffled(rows.Count, seed: 2);
        long randomCost = PaddedCost(order, rows, batchSize: 16);

        LengthBuckets.Apply(order, rows, batchSize: 16, new Random(3));

        order.Should().BeEquivalentTo(Enumerable.Range(0, rows.Count), "every row is seen once per epoch");
        foreach (var batch in order.Chunk(16))
            batch.Select(i => rows[i].Length).Should().BeInAscendingOrder("a batch is a run of one length-sorted pool");
        PaddedCost(order, rows, 16).Should().BeLessThan(randomCost * 6 / 10, "batches hold rows of similar length");
    }

    [Fact]
    public void Apply_SameSeed_SameOrder_OtherSeed_OtherBatchOrder()
    {
        var rows = Rows(500, 4);
        int[] Run(int seed)
        {
            var order = Shuffled(rows.Count, 5);
            LengthBuckets.Apply(order, rows, 8, new Random(seed));
            return order;
        }

        Run(6).Should().Equal(Run(6));
        Run(6).Should().NotEqual(Run(7));
    }

    [Fact]
    public void Apply_PartialLastBatch_KeepsEveryRow()
    {
        var rows = Rows(37, 8);
        var order = Shuffled(rows.Count, 9);

        LengthBuckets.Apply(order, rows, batchSize: 10, new Random(1));

        order.Should().BeEquivalentTo(Enumerable.Range(0, 37));
    }

    [Fact]
    public void Vary_OnlyWhenLengthsDiffer()
    {
        LengthBuckets.Vary(new List<float[]> { new float[4], new float[4] }).Should().BeFalse();
        LengthBuckets.Vary(new List<float[]> { new float[4], new float[6] }).Should().BeTrue();
    }

    private static List<float[]> Rows(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => new float[rng.Next(1, 501)]).ToList();
    }

    private static int[] Shuffled(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>Steps computed when every batch is padded to its longest row.</summary>
    private static long PaddedCost(int[] order, List<float[]> rows, int batchSize)
        => order.Chunk(batchSize).Sum(b => (long)b.Length * b.Max(i => rows[i].Length));
}
