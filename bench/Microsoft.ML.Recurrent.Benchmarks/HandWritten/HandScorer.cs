using System;
using System.Collections.Generic;
using Microsoft.ML.Recurrent.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Benchmarks.HandWritten;

/// <summary>
/// Hand-written inference with a trained library model's weights and feature scaling: batched forward passes over
/// equal-length rows, and the batch-of-one forward a latency-bound service would write (float[] → tensor → float).
/// </summary>
internal sealed class HandScorer : IDisposable
{
    private readonly HandNetwork _network;
    private readonly FeatureScaler _scaler;
    private readonly int _inputSize;
    private readonly int _outputSize;
    private float[] _buffer = Array.Empty<float>();

    public HandScorer(NetworkSpec spec, RecurrentPredictionTransformer model)
    {
        _network = new HandNetwork(spec);
        _network.load_state_dict(model.Model.Network.state_dict());
        _network.eval();
        _scaler = model.Model.Scaler;
        _inputSize = spec.InputSize;
        _outputSize = spec.OutputSize;
    }

    /// <summary>Outputs of every row (O per row), <paramref name="batchSize"/> rows per forward pass.</summary>
    public float[] ScoreAll(IReadOnlyList<float[]> rows, int batchSize)
    {
        var outputs = new float[rows.Count * _outputSize];
        using var noGrad = no_grad();
        for (int start = 0; start < rows.Count; start += batchSize)
        {
            int b = Math.Min(batchSize, rows.Count - start);
            int rowLength = rows[start].Length;
            if (_buffer.Length != b * rowLength)
                _buffer = new float[b * rowLength];
            for (int r = 0; r < b; r++)
                _scaler.Apply(rows[start + r], _buffer.AsSpan(r * rowLength, rowLength));

            using var scope = NewDisposeScope();
            var input = tensor(_buffer, new long[] { b, rowLength / _inputSize, _inputSize });   // -> (B, T, D)
            var output = _network.call(input);                                                  // -> (B, O)
            output.data<float>().CopyTo(outputs.AsSpan(start * _outputSize, b * _outputSize));
        }

        return outputs;
    }

    /// <summary>The first output of one row, in a batch of one.</summary>
    public float ScoreOne(float[] row)
    {
        if (_buffer.Length != row.Length)
            _buffer = new float[row.Length];
        _scaler.Apply(row, _buffer);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(_buffer, new long[] { 1, row.Length / _inputSize, _inputSize });      // -> (1, T, D)
        return _network.call(input).item<float>();                                             // -> (1, 1)
    }

    public void Dispose() => _network.Dispose();
}
