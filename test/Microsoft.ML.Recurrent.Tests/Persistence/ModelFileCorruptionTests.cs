using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using FluentAssertions;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Persistence;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Persistence;

/// <summary>A damaged model file fails to load with an <see cref="InvalidDataException"/> naming the entry and the
/// remedy; it never loads and scores with altered settings or weights (before the checksums, one flipped bit in the
/// weights entry loaded and scored silently differently).</summary>
public class ModelFileCorruptionTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Load_OneBitFlippedInTheWeightsEntry_ThrowsChecksumErrorNamingTheEntry()
    {
        var (zip, _) = Saved(TrainerKind.Regression);
        var damaged = Rewrite(zip, "TorchWeights.bin", c => Flip(c, c.Length / 2, 3));

        var load = () => _ml.Model.Load(new MemoryStream(damaged), out _);

        load.Should().Throw<TargetInvocationException>().WithInnerException<InvalidDataException>().WithMessage(
            "The recurrent model in this file (entries 'TransformerChain/Model.key' and 'TransformerChain/TorchWeights.bin') cannot be read: " +
            "the weights entry 'TorchWeights.bin' (* bytes) does not match the checksum stored in Model.key (SHA-256 *, stored *): " +
            "the entry is damaged or comes from another model. The file is corrupt or truncated, or was written by an incompatible version " +
            "of Microsoft.ML.Recurrent. Restore the file from a copy, or save the model again with mlContext.Model.Save.");
    }

    [Fact]
    public void Load_WeightsEntryOfAnotherModelOfTheSameShape_Throws()
    {
        var (regression, _) = Saved(TrainerKind.Regression);
        var (binary, _) = Saved(TrainerKind.Binary);
        var swapped = Rewrite(regression, "TorchWeights.bin", _ => Entry(binary, "TorchWeights.bin"));

        var load = () => _ml.Model.Load(new MemoryStream(swapped), out _);

        load.Should().Throw<TargetInvocationException>().WithInnerException<InvalidDataException>().WithMessage("*comes from another model*");
    }

    [Fact]
    public void Load_SettingsByteFlippedInModelKey_ThrowsInsteadOfLoadingAWrongColumnName()
    {
        var (zip, _) = Saved(TrainerKind.Binary);
        // Model.key: ML.NET's 256-byte header, our 4-byte marker, the settings' length, then the feature column name.
        var damaged = Rewrite(zip, "Model.key", c => Flip(c, 256 + 4 + 4 + 2, 0));

        var load = () => _ml.Model.Load(new MemoryStream(damaged), out _);

        load.Should().Throw<TargetInvocationException>().WithInnerException<InvalidDataException>()
            .WithMessage("*cannot be read: the settings in Model.key do not match their checksum*");
    }

    [Fact]
    public void Load_DeterministicSampleOfDamage_NeverLoadsAndAlwaysSaysInvalidData()
    {
        // A fast sample of the fuzzing probe: truncations and bit flips inside both of the library's entries.
        var (zip, _) = Saved(TrainerKind.Binary);
        int weightsLength = Entry(zip, "TorchWeights.bin").Length;
        int sealedLength = BitConverter.ToInt32(Entry(zip, "Model.key"), 256 + 4) + 4 + 64;   // settings' length, settings, two checksums
        var rng = new Random(5);
        var cases = Enumerable.Range(0, 8).Select(i => Rewrite(zip, "TorchWeights.bin", c => c[..(c.Length * i / 8)]))
            .Concat(Enumerable.Range(0, 8).Select(_ => Rewrite(zip, "TorchWeights.bin", c => Flip(c, rng.Next(weightsLength), rng.Next(8)))))
            .Concat(Enumerable.Range(0, 8).Select(_ => Rewrite(zip, "Model.key", c => Flip(c, 256 + 4 + rng.Next(sealedLength), rng.Next(8)))))
            .Append(Rewrite(zip, "TorchWeights.bin", c => c.Concat(new byte[] { 1 }).ToArray()))
            .Append(Rewrite(zip, "TorchWeights.bin", c => Array.Empty<byte>()));

        foreach (var damaged in cases)
        {
            var load = () => _ml.Model.Load(new MemoryStream(damaged), out _);
            var thrown = load.Should().Throw<Exception>().Which;
            Chain(thrown).OfType<InvalidDataException>().Should().NotBeEmpty("every damage is reported as InvalidDataException, got {0}", thrown);
        }
    }

    [Fact]
    public void Load_FormatVersionNewerThanThisLibrary_SaysBothVersionsAndToUpdate()
    {
        var (zip, _) = Saved(TrainerKind.Binary);
        var newer = Rewrite(zip, "Model.key", c => Version(c, written: 0x00010009, readable: 0x00010009));

        var load = () => _ml.Model.Load(new MemoryStream(newer), out _);

        // Before, ML.NET's message blamed "ML.NET 1.0.0.0" and named no version of this library.
        load.Should().Throw<TargetInvocationException>().WithInnerException<InvalidDataException>().WithMessage(
            "The recurrent model in this file was saved by a newer Microsoft.ML.Recurrent, in format version 0x00010009 (readable from 0x00010009 on); " +
            "Microsoft.ML.Recurrent * reads format versions 0x00010001 to 0x00010002. Update the Microsoft.ML.Recurrent package to the version " +
            "that saved the model or a later one.");
    }

    [Fact]
    public void Load_FormatVersionOlderThanThisLibraryReads_SaysSo()
    {
        var (zip, _) = Saved(TrainerKind.Binary);
        var older = Rewrite(zip, "Model.key", c => Version(c, written: 0x00010000, readable: 0x00010000));

        var load = () => _ml.Model.Load(new MemoryStream(older), out _);

        load.Should().Throw<TargetInvocationException>().WithInnerException<InvalidDataException>()
            .WithMessage("*saved by an older Microsoft.ML.Recurrent, in format version 0x00010000; * reads format versions 0x00010001 to 0x00010002. Load it with the version that saved it, or train and save the model again*");
    }

    [Fact]
    public void NetworkShapeRead_DropoutOutsideZeroToOne_ThrowsInvalidDataInsteadOfALibtorchErrorWhenScoring()
    {
        var bytes = Bytes(new NetworkShape(1, RecurrentCellType.Lstm, 4, 1, false, 0.5f, 1, 0).Write);
        BitConverter.GetBytes(2f).CopyTo(bytes, 17);   // input, cell, hidden, layers (4 bytes each), bidirectional (1), then dropout

        var read = () => NetworkShape.Read(new BinaryReader(new MemoryStream(bytes)));

        read.Should().Throw<InvalidDataException>().WithMessage("the stored dropout is 2, outside [0, 1)");
    }

    [Fact]
    public void CheckSize_ShapeNeedingMoreBytesThanTheWeightsEntryHolds_ThrowsBeforeAnyAllocation()
    {
        // A damaged hidden size made libtorch try to allocate 4,398,314,950,656 bytes.
        var shape = new NetworkShape(1, RecurrentCellType.Lstm, StoredCount.MaxDimension, 1, false, 0, 1, 0);

        var check = () => ModelIntegrity.CheckSize(shape, new byte[5064]);

        check.Should().Throw<InvalidDataException>().WithMessage("the weights entry 'TorchWeights.bin' has 5064 bytes, fewer than the 17592240570372 the stored network shape needs (Lstm, 1 layer(s) of 1048576 units, 1 input(s))");
        ModelIntegrity.CheckSize(new NetworkShape(1, RecurrentCellType.Lstm, 16, 1, false, 0, 1, 0), new byte[5064]);   // a real model's shape passes
    }

    [Fact]
    public void LoadFromStream_NonSeekableThenClosedByTheCaller_LoadedModelStillScores()
    {
        var (zip, scores) = Saved(TrainerKind.Regression);
        var stream = new NonSeekableStream(new MemoryStream(zip));

        var model = _ml.Model.Load(stream, out _);
        stream.Dispose();

        ModelFormatCompatibilityTests.Scores(model, TrainerFactory.Data(_ml, TrainerKind.Regression, count: 20)).Should().Equal(scores);
    }

    private (byte[] Zip, float[] Scores) Saved(TrainerKind kind)
    {
        var data = TrainerFactory.Data(_ml, kind, count: 20);
        using var model = TrainerFactory.Trainer(_ml, kind, epochs: 1).Fit(data);
        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        return (stream.ToArray(), ModelFormatCompatibilityTests.Scores(model, data));
    }

    private static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var stream = archive.Entries.Single(e => e.FullName == "TransformerChain/" + name).Open();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The zip with entry <paramref name="name"/> replaced (so the zip's own CRC is valid: only our checks can tell).</summary>
    private static byte[] Rewrite(byte[] zip, string name, Func<byte[], byte[]> change)
    {
        var content = change(Entry(zip, name));
        var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            archive.Entries.Single(e => e.FullName == "TransformerChain/" + name).Delete();
            using var entry = archive.CreateEntry("TransformerChain/" + name).Open();
            entry.Write(content);
        }

        return stream.ToArray();
    }

    private static byte[] Flip(byte[] content, int at, int bit)
    {
        var copy = (byte[])content.Clone();
        copy[at] ^= (byte)(1 << bit);
        return copy;
    }

    /// <summary>Model.key with the model format versions of ML.NET's header (offsets 0x48 and 0x4C) replaced.</summary>
    private static byte[] Version(byte[] key, uint written, uint readable)
    {
        var copy = (byte[])key.Clone();
        BitConverter.GetBytes(written).CopyTo(copy, 0x48);
        BitConverter.GetBytes(readable).CopyTo(copy, 0x4C);
        return copy;
    }

    private static System.Collections.Generic.IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            yield return e;
    }

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            write(writer);
        return stream.ToArray();
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
