using System;
using System.IO;
using System.Reflection;
using Microsoft.ML.Recurrent.Bridge;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>
/// The format of one kind of model file: its ML.NET signatures, the format version written, the oldest version still
/// read, and the first version whose <c>Model.key</c> is sealed with checksums (<see cref="ModelIntegrity"/>).
/// </summary>
/// <param name="ModelSignature">ML.NET model signature (8 characters).</param>
/// <param name="LoaderSignature">ML.NET loader signature (at most 24 characters).</param>
/// <param name="Current">The version written.</param>
/// <param name="OldestReadable">The oldest version read.</param>
/// <param name="FirstSealed">The first version with checksums.</param>
/// <param name="What">What the file holds, for errors, e.g. "recurrent model".</param>
internal sealed record ModelFormat(string ModelSignature, string LoaderSignature, uint Current, uint OldestReadable, uint FirstSealed, string What)
{
    /// <summary>Writes the model: the header, <paramref name="magic"/>, the settings sealed with their checksum and the
    /// weights', then the weights entry. The weights are serialised first, so that a failure leaves nothing
    /// half-written in the zip.</summary>
    /// <param name="ctx">The save context.</param>
    /// <param name="magic">The format marker that opens <c>Model.key</c>.</param>
    /// <param name="saveWeights">Writes the network's weights.</param>
    /// <param name="settings">Writes everything else the model needs.</param>
    public void Save(ModelSaveContext ctx, int magic, Action<BinaryWriter> saveWeights, Action<BinaryWriter> settings)
    {
        var weights = new MemoryStream();
        using (var w = new BinaryWriter(weights, System.Text.Encoding.UTF8, leaveOpen: true))
            saveWeights(w);

        var writer = MLNetInternals.BeginSave(ctx, ModelSignature, Current, OldestReadable, LoaderSignature);
        writer.Write(magic);
        ModelIntegrity.WriteSealed(writer, settings, weights);
        MLNetInternals.SaveBinaryStream(ctx, ModelIntegrity.WeightsEntry, w => w.Write(weights.GetBuffer(), 0, (int)weights.Length));
    }

    /// <summary>Checks the header and returns the reader for <c>Model.key</c> and the version the file was written in; a
    /// version this library does not read throws <see cref="InvalidDataException"/> naming both versions and the remedy.</summary>
    public (BinaryReader Reader, uint Version) BeginLoad(object ctx)
    {
        var versions = MLNetInternals.GetModelVersions(ctx, ModelSignature);
        if (versions is var (written, readable))
            Check(written, readable);
        var reader = MLNetInternals.BeginLoad(ctx, ModelSignature, Current, OldestReadable, LoaderSignature);
        return (reader, versions?.Written ?? Current);
    }

    /// <summary>Checks the format marker <paramref name="magic"/> and returns the reader of the settings (checked against
    /// their checksum in sealed versions) and the checksum the weights entry must have (null before <see cref="FirstSealed"/>).</summary>
    public (BinaryReader Settings, byte[]? WeightsHash) ReadSettings(BinaryReader reader, uint version, int magic)
    {
        int found = reader.ReadInt32();
        if (found != magic)
            throw new InvalidDataException($"found format marker 0x{found:X8}, expected 0x{magic:X8}");
        if (version < FirstSealed)
            return (reader, null);
        var (settings, weightsHash) = ModelIntegrity.ReadSealed(reader);
        return (settings, weightsHash);
    }

    /// <summary>Throws when a file written in <paramref name="written"/>, readable from <paramref name="readable"/>, is
    /// outside what this library reads.</summary>
    public void Check(uint written, uint readable)
    {
        string reads = $"Microsoft.ML.Recurrent {LibraryVersion} reads format versions {Hex(OldestReadable)} to {Hex(Current)}";
        if (readable > Current)
        {
            throw new InvalidDataException(
                $"The {What} in this file was saved by a newer Microsoft.ML.Recurrent, in format version {Hex(written)} (readable from {Hex(readable)} on); " +
                $"{reads}. Update the Microsoft.ML.Recurrent package to the version that saved the model or a later one.");
        }

        if (written < OldestReadable)
        {
            throw new InvalidDataException(
                $"The {What} in this file was saved by an older Microsoft.ML.Recurrent, in format version {Hex(written)}; {reads}. " +
                "Load it with the version that saved it, or train and save the model again with this one.");
        }
    }

    /// <summary>This library's package version, e.g. 0.1.0.</summary>
    public static string LibraryVersion { get; } = (typeof(ModelFormat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelFormat).Assembly.GetName().Version?.ToString() ?? "?").Split('+')[0];

    private static string Hex(uint version) => $"0x{version:X8}";
}
