using System;
using System.IO;
using FluentAssertions;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Persistence;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Persistence;

public class StoredCountTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(StoredCount.MaxItems, true)]
    [InlineData(-1, false)]
    [InlineData(StoredCount.MaxItems + 1, false)]
    [InlineData(int.MaxValue, false)]
    public void Read_CountOutsideTheRange_ThrowsInvalidData(int stored, bool valid)
    {
        var read = () => StoredCount.Read(Reader(w => w.Write(stored)), "feature channels");

        if (valid)
            read().Should().Be(stored);
        else
            read.Should().Throw<InvalidDataException>().WithMessage($"the stored number of feature channels is {stored}, outside 0–{StoredCount.MaxItems}");
    }

    [Fact]
    public void FeatureScalerRead_CorruptChannelCount_ThrowsInvalidDataInsteadOfOutOfMemory()
    {
        // A model file whose scaler claims int.MaxValue channels gave "OutOfMemoryException: Array dimensions exceeded
        // supported range", which the loader does not turn into its "cannot be read" error.
        var read = () => FeatureScaler.Read(Reader(w => w.Write(int.MaxValue)));

        read.Should().Throw<InvalidDataException>().WithMessage("*feature channels is 2147483647*");
    }

    [Fact]
    public void NetworkShapeRead_CorruptHiddenSize_ThrowsInvalidData()
    {
        var shape = new NetworkShape(3, RecurrentCellType.Lstm, 16, 2, true, 0.1f, 4, 0);
        var bytes = Bytes(shape.Write);
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 8);   // InputSize, CellType, then HiddenSize

        var read = () => NetworkShape.Read(new BinaryReader(new MemoryStream(bytes)));

        read.Should().Throw<InvalidDataException>().WithMessage("*hidden units is 2147483647*");
        NetworkShape.Read(new BinaryReader(new MemoryStream(Bytes(shape.Write)))).Should().Be(shape, "a valid shape reads back");
    }

    private static BinaryReader Reader(Action<BinaryWriter> write) => new(new MemoryStream(Bytes(write)));

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            write(writer);
        return stream.ToArray();
    }
}
