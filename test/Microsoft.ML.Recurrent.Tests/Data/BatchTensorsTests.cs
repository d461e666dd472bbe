using System.Collections.Generic;
using FluentAssertions;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Native;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Data;

public class BatchTensorsTests
{
    public BatchTensorsTests() => TorchNativeLoader.EnsureLoaded();

    [Fact]
    public void Build_RowsOfDifferentLengths_ScalesEachStepAndPadsWithZeros()
    {
        // Two channels: mean (1, 10), std (2, 5) -> x' = ((x0 - 1) / 2, (x1 - 10) / 5).
        var scaler = FeatureScaler.Fit(new List<float[]> { new[] { -1f, 5f, 3f, 15f } }, inputSize: 2);
        var rows = new SequenceArrayRows(new List<float[]>
        {
            new[] { 1f, 10f },                  // 1 step
            new[] { 3f, 15f, -1f, 5f, 5f, 20f }, // 3 steps
        });

        var (input, lengths) = new BatchTensors(scaler, CPU).Build(rows, new[] { 0, 1 });

        input.shape.Should().Equal(2, 3, 2);
        input.data<float>().ToArray().Should().Equal(
            0f, 0f, 0f, 0f, 0f, 0f,
            1f, 1f, -1f, -1f, 2f, 2f);
        lengths.dtype.Should().Be(ScalarType.Int64);
        lengths.data<long>().ToArray().Should().Equal(1L, 3L);
    }

    [Fact]
    public void Build_IndicesSelectAndOrderRows()
    {
        var rows = new SequenceArrayRows(new List<float[]> { new[] { 1f }, new[] { 2f, 2f }, new[] { 3f, 3f, 3f } });

        var (input, lengths) = new BatchTensors(FeatureScaler.Identity(1), CPU).Build(rows, new[] { 2, 0 });

        input.data<float>().ToArray().Should().Equal(3f, 3f, 3f, 1f, 0f, 0f);
        lengths.data<long>().ToArray().Should().Equal(3L, 1L);
    }

    [Fact]
    public void Build_SecondBatch_LeavesFirstBatchTensorUnchanged()
    {
        var batches = new BatchTensors(FeatureScaler.Identity(1), CPU);
        var rows = new SequenceArrayRows(new List<float[]> { new[] { 1f, 2f }, new[] { 7f, 8f } });

        var (first, _) = batches.Build(rows, new[] { 0 });
        var (second, _) = batches.Build(rows, new[] { 1 });

        first.data<float>().ToArray().Should().Equal(1f, 2f);
        second.data<float>().ToArray().Should().Equal(7f, 8f);
    }

    [Fact]
    public void Build_ReusedAfterLongerBatch_ShorterBatchHasNoStaleValues()
    {
        var batches = new BatchTensors(FeatureScaler.Identity(1), CPU);
        var rows = new SequenceArrayRows(new List<float[]> { new[] { 9f, 9f, 9f, 9f }, new[] { 5f }, new[] { 6f, 6f } });

        batches.Build(rows, new[] { 0, 0 });
        var (input, _) = batches.Build(rows, new[] { 1, 2 });

        input.data<float>().ToArray().Should().Equal(5f, 0f, 6f, 6f);
    }
}
