using System;
using System.IO;
using System.Security.Cryptography;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Runtime;
using TorchSharp;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>
/// Checksums that make a damaged model file fail to load instead of scoring with altered settings or weights: the
/// settings in <c>Model.key</c> are stored as one length-prefixed block followed by its SHA-256 and the SHA-256 of the
/// weights entry. Also reads the weights entry whole (bounded by its real length) and checks it against the network
/// shape before any network is built, so that a damaged size cannot make libtorch allocate memory the file does not hold.
/// </summary>
internal static class ModelIntegrity
{
    /// <summary>Name of the zip entry holding the weights.</summary>
    public const string WeightsEntry = "TorchWeights.bin";

    private const int HashSize = 32;

    /// <summary>Writes <paramref name="settings"/> as a sealed block, then the checksum of <paramref name="weights"/>.</summary>
    public static void WriteSealed(BinaryWriter writer, Action<BinaryWriter> settings, MemoryStream weights)
    {
        var block = new MemoryStream();
        using (var w = new BinaryWriter(block, System.Text.Encoding.UTF8, leaveOpen: true))
            settings(w);
        var bytes = block.GetBuffer().AsSpan(0, (int)block.Length);
        writer.Write(bytes.Length);
        writer.Write(bytes);
        writer.Write(SHA256.HashData(bytes));
        writer.Write(SHA256.HashData(weights.GetBuffer().AsSpan(0, (int)weights.Length)));
    }

    /// <summary>Reads a block written by <see cref="WriteSealed"/>, checks its checksum, and returns a reader over the
    /// settings and the checksum the weights entry must have.</summary>
    public static (BinaryReader Settings, byte[] WeightsHash) ReadSealed(BinaryReader reader)
    {
        int length = StoredCount.Read(reader, "bytes of settings", 0, int.MaxValue);
        var block = ReadUpTo(reader.BaseStream, length);
        if (block.Length != length)
            throw new InvalidDataException($"Model.key holds {block.Length} bytes of settings where it announces {length}");
        var stored = reader.ReadBytes(HashSize);
        var weightsHash = reader.ReadBytes(HashSize);
        if (weightsHash.Length != HashSize)
            throw new EndOfStreamException("Model.key ends inside its checksums");
        var actual = SHA256.HashData(block);
        if (!actual.AsSpan().SequenceEqual(stored))
            throw new InvalidDataException($"the settings in Model.key do not match their checksum (SHA-256 {Short(actual)}, stored {Short(stored)})");
        return (new BinaryReader(new MemoryStream(block, writable: false)), weightsHash);
    }

    /// <summary>Builds the network <paramref name="shape"/> describes and loads the weights entry into it, on the device
    /// <paramref name="env"/> chooses, in eval mode. Checks first that the settings were read to their end (sealed files),
    /// that the entry matches its checksum and that it holds the shape's parameters, so that nothing is allocated for a
    /// damaged file.</summary>
    /// <param name="env">The environment (device choice).</param>
    /// <param name="loaderName">The name the loader registers under.</param>
    /// <param name="ctx">The load context.</param>
    /// <param name="shape">The stored network shape.</param>
    /// <param name="settings">The settings reader, read to the end.</param>
    /// <param name="weightsHash">The weights entry's checksum, or null for files written before checksums.</param>
    /// <returns>The network and the device it is on.</returns>
    public static (RecurrentNetwork Network, torch.Device Device) LoadNetwork(IHostEnvironment env, string loaderName, object ctx, NetworkShape shape, BinaryReader settings, byte[]? weightsHash)
    {
        if (weightsHash is not null && settings.BaseStream.Position != settings.BaseStream.Length)
            throw new InvalidDataException("the settings in Model.key have bytes after their end");
        var weights = ReadWeights(ctx, weightsHash);
        CheckSize(shape, weights);
        TorchNativeLoader.EnsureLoaded();
        var network = TorchRandom.Exclusive(() => new RecurrentNetwork(shape));   // its initial weights are replaced below
        try
        {
            LoadInto(network, weights);
        }
        catch
        {
            network.Dispose();
            throw;
        }

        var device = TrainingContext.ChooseDevice(env, env.Register(loaderName));
        network.to(device);
        network.eval();
        return (network, device);
    }

    /// <summary>Reads the whole weights entry; checks it against <paramref name="expectedHash"/> when the file has one.</summary>
    private static byte[] ReadWeights(object ctx, byte[]? expectedHash)
    {
        byte[]? weights = null;
        if (!MLNetInternals.TryLoadBinaryStream(ctx, WeightsEntry, r => weights = ReadUpTo(r.BaseStream, int.MaxValue)))
            throw new InvalidDataException($"the weights entry '{WeightsEntry}' is missing");
        if (expectedHash is not null)
        {
            var actual = SHA256.HashData(weights!);
            if (!actual.AsSpan().SequenceEqual(expectedHash))
            {
                throw new InvalidDataException(
                    $"the weights entry '{WeightsEntry}' ({weights!.Length} bytes) does not match the checksum stored in Model.key " +
                    $"(SHA-256 {Short(actual)}, stored {Short(expectedHash)}): the entry is damaged or comes from another model");
            }
        }

        return weights!;
    }

    /// <summary>Throws when <paramref name="weights"/> is too short to hold the parameters of <paramref name="shape"/>,
    /// before the network is built (a damaged hidden size could otherwise ask libtorch for terabytes).</summary>
    public static void CheckSize(NetworkShape shape, byte[] weights)
    {
        double needed = 4 * shape.MinimumParameterCount;
        if (needed > weights.Length)
        {
            throw new InvalidDataException(
                $"the weights entry '{WeightsEntry}' has {weights.Length} bytes, fewer than the {needed:0} the stored network shape needs " +
                $"({shape.CellType}, {shape.NumberOfLayers} layer(s) of {shape.HiddenSize} units, {shape.InputSize} input(s))");
        }
    }

    /// <summary>Loads <paramref name="weights"/> into <paramref name="network"/>, requiring every byte to be used.</summary>
    private static void LoadInto(torch.nn.Module network, byte[] weights)
    {
        using var stream = new MemoryStream(weights, writable: false);
        using var reader = new BinaryReader(stream);
        network.load(reader);
        if (stream.Position != stream.Length)
            throw new InvalidDataException($"the weights entry '{WeightsEntry}' has {stream.Length - stream.Position} bytes after the last weight");
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes, growing the buffer only as data actually arrives.</summary>
    private static byte[] ReadUpTo(Stream stream, int limit)
    {
        var result = new MemoryStream();
        var buffer = new byte[81920];
        while (result.Length < limit)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - result.Length));
            if (read == 0)
                break;
            result.Write(buffer, 0, read);
        }

        return result.ToArray();
    }

    private static string Short(byte[] hash) => Convert.ToHexString(hash.AsSpan(0, Math.Min(6, hash.Length))).ToLowerInvariant() + "…";
}
