using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Copies a batch of sequences into one padded, scaled tensor with one copy from a reused buffer.</summary>
internal sealed class BatchTensors
{
    private readonly FeatureScaler _scaler;
    private readonly Device _device;
    private float[] _buffer = Array.Empty<float>();

    public BatchTensors(FeatureScaler scaler, Device device)
    {
        _scaler = scaler;
        _device = device;
    }

    /// <summary>Builds (B, T, D) inputs and int64 (B) lengths on the CPU for rows <paramref name="indices"/> of <paramref name="rows"/>.</summary>
    public (Tensor Input, Tensor Lengths) Build(IReadOnlyList<float[]> rows, ReadOnlySpan<int> indices)
    {
        int d = _scaler.InputSize;
        int batch = indices.Length;
        int maxSteps = 0;
        var lengths = new long[batch];
        for (int b = 0; b < batch; b++)
        {
            int steps = rows[indices[b]].Length / d;
            lengths[b] = steps;
            maxSteps = Math.Max(maxSteps, steps);
        }

        int rowSize = maxSteps * d;
        int total = batch * rowSize;
        if (_buffer.Length != total)
            _buffer = new float[total];
        else
            Array.Clear(_buffer);

        for (int b = 0; b < batch; b++)
        {
            var source = rows[indices[b]];
            _scaler.Apply(source, _buffer.AsSpan(b * rowSize, source.Length));
        }

        var input = tensor(_buffer, new long[] { batch, maxSteps, d });   // -> (B, T, D)
        if (_device.type != TorchSharp.DeviceType.CPU)
            input = input.to(_device);
        return (input, tensor(lengths));                                   // lengths -> (B), CPU
    }
}
