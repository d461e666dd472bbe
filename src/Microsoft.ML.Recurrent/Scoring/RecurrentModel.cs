using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Scoring;

/// <summary>A trained network with everything needed to score raw sequences: scaling, task, device, batch size.</summary>
internal sealed class RecurrentModel : IDisposable
{
    private readonly object _lock = new();
    private readonly BatchTensors _batches;
    private readonly bool _sharesNetwork;
    private bool _disposed;
    private int[] _identity = Array.Empty<int>();

    public RecurrentModel(RecurrentNetwork network, FeatureScaler scaler, PredictionTask task, Device device, int batchSize,
        bool sharesNetwork = false, int? numberOfThreads = null)
    {
        _sharesNetwork = sharesNetwork;
        NumberOfThreads = numberOfThreads;
        Network = network;
        Scaler = scaler;
        Task = task;
        Device = device;
        BatchSize = batchSize;
        _batches = new BatchTensors(scaler, device, task.RepeatSteps);
    }

    public RecurrentNetwork Network { get; }

    public FeatureScaler Scaler { get; }

    public PredictionTask Task { get; }

    public Device Device { get; }

    public int BatchSize { get; }

    /// <summary>Threads requested by the training options (null: chosen by problem size); not saved with the model.</summary>
    public int? NumberOfThreads { get; }

    public NetworkShape Shape => Network.Shape;

    /// <summary>Values produced per row (per step for a per-step task): the head's outputs, or the encoding for an encoder.</summary>
    public int OutputWidth => Task is EncoderTask ? Task.OutputSize : Shape.OutputSize;

    /// <summary>Values produced for a row of <paramref name="rowLength"/> input values: <see cref="OutputWidth"/>, or
    /// steps × <see cref="OutputWidth"/> for a per-step task.</summary>
    public int RowOutputWidth(int rowLength) => Task.PerStep ? Task.StepsOf(rowLength, Shape.InputSize) * OutputWidth : OutputWidth;

    /// <summary>Values produced for all of <paramref name="rows"/>.</summary>
    public int TotalOutputWidth(ISequenceRows rows)
    {
        if (!Task.PerStep)
            return rows.Count * OutputWidth;
        int total = 0;
        for (int i = 0; i < rows.Count; i++)
            total += RowOutputWidth(rows[i].Length);
        return total;
    }

    /// <summary>Raw network outputs for <paramref name="rows"/>, row after row, in one forward pass per batch.</summary>
    /// <param name="rows">The sequences.</param>
    /// <param name="states">Each row's complete initial state, or null: zeros.</param>
    public float[] Predict(IReadOnlyList<float[]> rows, IReadOnlyList<float[]>? states = null)
    {
        var sequences = new SequenceArrayRows(rows);
        var outputs = new float[TotalOutputWidth(sequences)];
        Predict(sequences, states is null ? null : new SequenceArrayRows(states), outputs);
        return outputs;
    }

    /// <summary>Writes the raw outputs of every row of <paramref name="rows"/> (<see cref="RowOutputWidth"/> values per
    /// row, row after row) into <paramref name="destination"/>, in one forward pass per <see cref="BatchSize"/> rows;
    /// <paramref name="states"/> (same indices) holds each row's complete initial state, or is null for zeros.</summary>
    public void Predict(ISequenceRows rows, ISequenceRows? states, Span<float> destination)
    {
        int offset = 0;
        for (int start = 0; start < rows.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, rows.Count - start);
            int width = 0;
            for (int i = start; i < start + count; i++)
                width += RowOutputWidth(rows[i].Length);
            PredictBatch(rows, states, start, count, destination.Slice(offset, width));
            offset += width;
        }
    }

    /// <summary>Scores rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 into
    /// <paramref name="destination"/> (their <see cref="RowOutputWidth"/> values, row after row) in one forward pass,
    /// inside a dispose scope, each row starting from its state in <paramref name="states"/> (same indices; null: zeros).</summary>
    public void PredictBatch(ISequenceRows rows, ISequenceRows? states, int start, int count, Span<float> destination)
    {
        lock (_lock)
        {
            ThrowIfDisposed("score rows");
            if (_identity.Length < start + count)
            {
                _identity = new int[Math.Max(start + count, BatchSize)];
                for (int i = 0; i < _identity.Length; i++)
                    _identity[i] = i;
            }

            using var threads = ThreadCount.Use(ThreadCount.Choose(Shape, count, NumberOfThreads));
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            if (Network.training)
                Network.eval();
            var indices = _identity.AsSpan(start, count);
            var (input, lengths) = _batches.Build(rows, indices);                          // -> (B, T, D), (B)
            var initial = states is null ? null : _batches.States(states, indices);      // -> (B, S), or none: zeros
            var output = Task.Forward(Network, input, lengths, initial);   // -> (B, O), (B, K·H) or (B, S) for an encoder, (B, T, O) per step
            var cpuOutput = output.device_type == TorchSharp.DeviceType.CPU ? output : output.cpu();
            if (!Task.PerStep)
            {
                cpuOutput.data<float>().CopyTo(destination);
                return;
            }

            // Per step: each row's valid steps, row after row; the padding after a row's end is dropped.
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(cpuOutput.contiguous().bytes);
            int rowStride = (int)cpuOutput.shape[1] * OutputWidth, offset = 0;
            for (int b = 0; b < count; b++)
            {
                int rowWidth = RowOutputWidth(rows[start + b].Length);
                values.Slice(b * rowStride, rowWidth).CopyTo(destination.Slice(offset, rowWidth));
                offset += rowWidth;
            }
        }
    }

    /// <summary>The last layer's output at every step of one sequence: (steps × K·H), starting from
    /// <paramref name="initialState"/> (S values; null: zeros).</summary>
    public float[][] HiddenStates(float[] sequence, float[]? initialState = null)
    {
        lock (_lock)
        {
            ThrowIfDisposed("compute hidden states");
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Network.eval();
            var (input, lengths) = _batches.Build(new SequenceArrayRows(new[] { sequence }), new[] { 0 });   // -> (1, T, D), (1)
            var initial = initialState is null ? null : _batches.States(new SequenceArrayRows(new[] { initialState }), new[] { 0 });   // -> (1, S)
            var states = Network.EncodeAll(input, lengths, initial).cpu();           // -> (1, T, K·H)
            int steps = (int)states.shape[1], size = (int)states.shape[2];
            var flat = states.data<float>().ToArray();
            var result = new float[steps][];
            for (int t = 0; t < steps; t++)
                result[t] = flat.AsSpan(t * size, size).ToArray();
            return result;
        }
    }

    /// <summary>A model over the same network whose outputs are hidden states.</summary>
    /// <param name="ownsNetwork">Whether the encoder takes over the network (the caller then drops this model).</param>
    /// <param name="output">The last layer's final state, its state at every step, or the complete final state.</param>
    public RecurrentModel AsEncoder(bool ownsNetwork = false, EncoderOutput output = EncoderOutput.LastLayer)
        => new(Network, Scaler, new EncoderTask(output == EncoderOutput.FullState ? Shape.StateSize : Shape.FinalStateSize, output, Task.RepeatSteps),
            Device, BatchSize, sharesNetwork: !ownsNetwork, NumberOfThreads);

    /// <summary>Every weight tensor's values, flattened row-major, by state-dict name.</summary>
    public IReadOnlyDictionary<string, float[]> Weights()
    {
        lock (_lock)
        {
            ThrowIfDisposed("return its weights");
            using var scope = NewDisposeScope();
            return Network.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().data<float>().ToArray());
        }
    }

    /// <summary>Every weight tensor with its shape and count.</summary>
    public RecurrentParameterSummary ParameterSummary()
    {
        lock (_lock)
        {
            ThrowIfDisposed("describe its parameters");
            return new(Network.named_parameters().Select(p => new RecurrentParameterInfo(p.name, p.parameter.shape, p.parameter.numel())).ToList());
        }
    }

    /// <summary>Writes the weights (state dict) to <paramref name="writer"/>.</summary>
    public void SaveWeights(BinaryWriter writer)
    {
        lock (_lock)
        {
            ThrowIfDisposed("be saved");
            if (Device.type != TorchSharp.DeviceType.CPU)
            {
                Network.to(CPU);
                Network.save(writer);
                Network.to(Device);
            }
            else
            {
                Network.save(writer);
            }
        }
    }

    /// <summary>Throws when the model was disposed (call under the lock), naming what could not be done.</summary>
    private void ThrowIfDisposed(string action)
    {
        if (_disposed || Network.IsDisposed)   // an encoder shares its model's network: disposing either frees it
            throw new ObjectDisposedException(nameof(RecurrentModel), ErrorMessages.ModelDisposed(action));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            if (!_sharesNetwork)
                Network.Dispose();
        }
    }
}
