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
        _batches = new BatchTensors(scaler, device);
    }

    public RecurrentNetwork Network { get; }

    public FeatureScaler Scaler { get; }

    public PredictionTask Task { get; }

    public Device Device { get; }

    public int BatchSize { get; }

    /// <summary>Threads requested by the training options (null: chosen by problem size); not saved with the model.</summary>
    public int? NumberOfThreads { get; }

    public NetworkShape Shape => Network.Shape;

    /// <summary>Values produced per row: the head's outputs, or the final state for an encoder.</summary>
    public int OutputWidth => Task is EncoderTask ? Shape.FinalStateSize : Shape.OutputSize;

    /// <summary>Raw network outputs for <paramref name="rows"/>, O values per row, in one forward pass per batch.</summary>
    public float[] Predict(IReadOnlyList<float[]> rows)
    {
        var outputs = new float[rows.Count * OutputWidth];
        Predict(new SequenceArrayRows(rows), outputs);
        return outputs;
    }

    /// <summary>Writes the raw outputs of every row of <paramref name="rows"/> (<see cref="OutputWidth"/> values per row)
    /// into <paramref name="destination"/>, in one forward pass per <see cref="BatchSize"/> rows.</summary>
    public void Predict(ISequenceRows rows, Span<float> destination)
    {
        for (int start = 0; start < rows.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, rows.Count - start);
            PredictBatch(rows, start, count, destination.Slice(start * OutputWidth, count * OutputWidth));
        }
    }

    /// <summary>Scores rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 into
    /// <paramref name="destination"/> (count × <see cref="OutputWidth"/> values) in one forward pass, inside a dispose scope.</summary>
    public void PredictBatch(ISequenceRows rows, int start, int count, Span<float> destination)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
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
            var (input, lengths) = _batches.Build(rows, _identity.AsSpan(start, count));   // -> (B, T, D), (B)
            var output = Task is EncoderTask
                ? Network.EncodeFinal(input, lengths)                // -> (B, K·H)
                : Network.call(input, lengths);                      // -> (B, O)
            var cpuOutput = output.device_type == TorchSharp.DeviceType.CPU ? output : output.cpu();
            cpuOutput.data<float>().CopyTo(destination);
        }
    }

    /// <summary>The last layer's output at every step of one sequence: (steps × K·H).</summary>
    public float[][] HiddenStates(float[] sequence)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Network.eval();
            var (input, lengths) = _batches.Build(new SequenceArrayRows(new[] { sequence }), new[] { 0 });   // -> (1, T, D), (1)
            var states = Network.EncodeAll(input, lengths).cpu();                    // -> (1, T, K·H)
            int steps = (int)states.shape[1], size = (int)states.shape[2];
            var flat = states.data<float>().ToArray();
            var result = new float[steps][];
            for (int t = 0; t < steps; t++)
                result[t] = flat.AsSpan(t * size, size).ToArray();
            return result;
        }
    }

    /// <summary>A model over the same network whose outputs are the final hidden states.</summary>
    /// <param name="ownsNetwork">Whether the encoder takes over the network (the caller then drops this model).</param>
    public RecurrentModel AsEncoder(bool ownsNetwork = false) => new(Network, Scaler, new EncoderTask(Shape.FinalStateSize), Device, BatchSize, sharesNetwork: !ownsNetwork, NumberOfThreads);

    /// <summary>Every weight tensor's values, flattened row-major, by state-dict name.</summary>
    public IReadOnlyDictionary<string, float[]> Weights()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var scope = NewDisposeScope();
            return Network.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().data<float>().ToArray());
        }
    }

    /// <summary>Every weight tensor with its shape and count.</summary>
    public RecurrentParameterSummary ParameterSummary()
        => new(Network.named_parameters().Select(p => new RecurrentParameterInfo(p.name, p.parameter.shape, p.parameter.numel())).ToList());

    /// <summary>Writes the weights (state dict) to <paramref name="writer"/>.</summary>
    public void SaveWeights(BinaryWriter writer)
    {
        lock (_lock)
        {
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
