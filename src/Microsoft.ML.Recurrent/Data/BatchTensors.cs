using System;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>
/// Builds the padded, scaled input tensor of a batch by writing each row straight into the tensor's memory: one pass
/// over the values, no intermediate managed buffer, nothing allocated per row.
/// </summary>
internal sealed class BatchTensors
{
    private readonly FeatureScaler _scaler;
    private readonly Device _device;
    private readonly int _repeatSteps;

    /// <param name="scaler">The feature scaling.</param>
    /// <param name="device">Where the inputs go.</param>
    /// <param name="repeatSteps">For a one-to-many model: each row is one step, fed at every one of this many steps; 0 otherwise.</param>
    public BatchTensors(FeatureScaler scaler, Device device, int repeatSteps = 0)
    {
        _scaler = scaler;
        _device = device;
        _repeatSteps = repeatSteps;
    }

    /// <summary>Builds (B, T, D) inputs and int64 (B) lengths on the CPU for rows <paramref name="indices"/> of <paramref name="rows"/>.</summary>
    /// <remarks>Rows shorter than the longest are padded with zeros after their last step.</remarks>
    public (Tensor Input, Tensor Lengths) Build(ISequenceRows rows, ReadOnlySpan<int> indices)
    {
        if (_repeatSteps > 0)
            return BuildRepeated(rows, indices);
        int d = _scaler.InputSize;
        int batch = indices.Length;
        int maxLength = 0;
        for (int b = 0; b < batch; b++)
            maxLength = Math.Max(maxLength, rows[indices[b]].Length);

        var lengths = empty(batch, ScalarType.Int64);                                  // -> (B)
        var lengthValues = MemoryMarshal.Cast<byte, long>(lengths.bytes);
        var input = empty(new long[] { batch, maxLength / d, d });                      // -> (B, T, D)
        var values = MemoryMarshal.Cast<byte, float>(input.bytes);
        for (int b = 0; b < batch; b++)
        {
            var source = rows[indices[b]];
            var destination = values.Slice(b * maxLength, maxLength);
            _scaler.Apply(source, destination[..source.Length]);
            destination[source.Length..].Clear();
            lengthValues[b] = source.Length / d;
        }

        if (_device.type != TorchSharp.DeviceType.CPU)
            input = input.to(_device);
        return (input, lengths);
    }

    /// <summary>Builds the (B, S) initial states of rows <paramref name="indices"/> of <paramref name="states"/> (each row
    /// S values: h as (L·K, H) row-major, then c for an LSTM), on the device; not scaled.</summary>
    public Tensor States(ISequenceRows states, ReadOnlySpan<int> indices)
    {
        int batch = indices.Length, size = states[indices[0]].Length;
        var initial = empty(batch, size);                                               // -> (B, S)
        var values = MemoryMarshal.Cast<byte, float>(initial.bytes);
        for (int b = 0; b < batch; b++)
            states[indices[b]].CopyTo(values.Slice(b * size, size));
        if (_device.type != TorchSharp.DeviceType.CPU)
            initial = initial.to(_device);
        return initial;
    }

    /// <summary>One-to-many: each row's single step of D values, scaled, at each of the <c>repeatSteps</c> steps.</summary>
    private (Tensor Input, Tensor Lengths) BuildRepeated(ISequenceRows rows, ReadOnlySpan<int> indices)
    {
        int d = _scaler.InputSize, steps = _repeatSteps, batch = indices.Length;
        using var stepCount = ((long)steps).ToScalar();   // held explicitly: see AdamOptimizer's remarks
        var lengths = full(batch, stepCount, ScalarType.Int64);                         // -> (B)
        var input = empty(new long[] { batch, steps, d });                              // -> (B, T, D)
        var values = MemoryMarshal.Cast<byte, float>(input.bytes);
        for (int b = 0; b < batch; b++)
        {
            var first = values.Slice(b * steps * d, d);
            _scaler.Apply(rows[indices[b]], first);
            for (int t = 1; t < steps; t++)
                first.CopyTo(values.Slice((b * steps + t) * d, d));
        }

        if (_device.type != TorchSharp.DeviceType.CPU)
            input = input.to(_device);
        return (input, lengths);
    }
}
