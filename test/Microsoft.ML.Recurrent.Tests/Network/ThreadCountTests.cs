using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Network;

public class ThreadCountTests
{
    public ThreadCountTests() => TorchNativeLoader.EnsureLoaded();

    [Fact]
    public void Choose_OneRowOfSmallLstm_OneThread()
    {
        // 1 row × 4 gates × 64 × (1 + 64) = 16,640 multiply-adds per step.
        ThreadCount.Choose(Shape(RecurrentCellType.Lstm, 1, 64), rows: 1, requested: null).Should().Be(1);
    }

    [Fact]
    public void Choose_LargeBatch_EveryCore()
    {
        // 256 rows × 4 × 128 × 129 = 16.9 million multiply-adds per step.
        ThreadCount.Choose(Shape(RecurrentCellType.Lstm, 1, 128), rows: 256, requested: null).Should().Be(Environment.ProcessorCount);
    }

    [Fact]
    public void Choose_Bidirectional_CountsBothDirections()
    {
        // 16 × 3 × 64 × 74 = 227,328 per direction: below the threshold alone, above it with two directions.
        ThreadCount.Choose(Shape(RecurrentCellType.Gru, 10, 64), 16, null).Should().Be(1);
        ThreadCount.Choose(Shape(RecurrentCellType.Gru, 10, 64, bidirectional: true), 16, null).Should().Be(Environment.ProcessorCount);
    }

    [Fact]
    public void Choose_Requested_WinsWhateverTheSize()
    {
        ThreadCount.Choose(Shape(RecurrentCellType.Rnn, 1, 8), 1, requested: 3).Should().Be(3);
        ThreadCount.Choose(Shape(RecurrentCellType.Lstm, 1, 512), 1024, requested: 1).Should().Be(1);
    }

    [Fact]
    public void Use_Disposed_RestoresTheCallerCount()
    {
        set_num_threads(2);

        using (ThreadCount.Use(1))
            get_num_threads().Should().Be(1);

        get_num_threads().Should().Be(2);
    }

    [Fact]
    public void Fit_NumberOfThreadsSet_TrainsWithItAndRestoresTheCallerCount()
    {
        set_num_threads(2);
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };

        TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1, configure: o => o.NumberOfThreads = 1)
            .Fit(TrainerFactory.Data(ml, TrainerKind.Binary, count: 20));

        lock (messages)
            messages.Should().Contain(m => m.Contains("Training a Lstm", StringComparison.Ordinal) && m.Contains(", 1 thread).", StringComparison.Ordinal));
        get_num_threads().Should().Be(2);
    }

    [Fact]
    public void Fit_OneOrTwoThreads_SameScores()
    {
        var scores = new[] { 1, 2 }.Select(threads =>
        {
            var ml = new MLContext(seed: 4);
            var data = TrainerFactory.Data(ml, TrainerKind.Regression, count: 40);
            var model = TrainerFactory.Trainer(ml, TrainerKind.Regression, RecurrentCellType.Gru, epochs: 3, configure: o => o.NumberOfThreads = threads).Fit(data);
            return TrainerFactory.Scores(model.Transform(data), TrainerKind.Regression);
        }).ToArray();

        scores[1].Should().Equal(scores[0], (a, b) => Math.Abs(a - b) <= 1e-4f * Math.Max(1, Math.Abs(a)));
    }

    private static NetworkShape Shape(RecurrentCellType cell, int input, int hidden, bool bidirectional = false)
        => new(input, cell, hidden, 1, bidirectional, 0, 1, 0);
}
