using System;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Data;

public class SequenceBufferTests
{
    [Fact]
    public void Add_ManyRowsOfDifferentLengths_KeepsEveryRowIntactAcrossGrowth()
    {
        var buffer = new SequenceBuffer();
        for (int i = 1; i <= 50; i++)
            buffer.Add(Dense(Filled(i, i)), "Features", i, inputSize: 1, scoring: true);

        buffer.Count.Should().Be(50);
        for (int i = 1; i <= 50; i++)
            buffer[i - 1].ToArray().Should().Equal(Filled(i, i), "row {0} survives the buffer's growth", i);
    }

    [Fact]
    public void Clear_ThenAdd_ForgetsOldRowsAndReusesTheMemory()
    {
        var buffer = new SequenceBuffer();
        buffer.Add(Dense(new[] { 1f, 2f, 3f, 4f }), "Features", 0, 1, scoring: true);
        buffer.Add(Dense(new[] { 5f, 6f }), "Features", 1, 1, scoring: true);

        buffer.Clear();
        buffer.Add(Dense(new[] { 7f }), "Features", 2, 1, scoring: true);

        buffer.Count.Should().Be(1);
        buffer[0].ToArray().Should().Equal(7f);
        var outOfRange = () => buffer[1].Length;
        outOfRange.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Add_SparseVector_StoresDenseValues()
    {
        var sparse = new VBuffer<float>(4, 1, new[] { 2.5f }, new[] { 2 });
        var buffer = new SequenceBuffer();

        buffer.Add(sparse, "Features", 0, 2, scoring: true);

        buffer[0].ToArray().Should().Equal(0f, 0f, 2.5f, 0f);
    }

    [Fact]
    public void Add_BadRow_ThrowsTheSameMessageAsToArray()
    {
        var nan = Dense(new[] { 1f, float.NaN });
        var odd = Dense(new[] { 1f, 2f, 3f });
        var empty = Dense(Array.Empty<float>());

        foreach (var bad in new[] { nan, odd, empty })
        {
            var expected = Capture(() => SequenceColumn.ToArray(bad, "Features", 4, inputSize: 2, scoring: true));
            var actual = Capture(() => new SequenceBuffer().Add(bad, "Features", 4, inputSize: 2, scoring: true));
            actual.Should().BeOfType<InvalidOperationException>();
            actual.Message.Should().Be(expected.Message);
        }
    }

    private static VBuffer<float> Dense(float[] values) => new(values.Length, values);

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        Array.Fill(values, value);
        return values;
    }

    private static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("Expected an exception.");
    }
}
