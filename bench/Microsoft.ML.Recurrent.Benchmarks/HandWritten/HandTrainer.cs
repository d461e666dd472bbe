using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Benchmarks.HandWritten;

/// <summary>What one hand-written training run measured.</summary>
/// <param name="Seconds">Wall time, data preparation included.</param>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="FirstEpochLoss">Mean training loss of epoch 1 (rows weighted), as the library reports it.</param>
internal sealed record HandRun(double Seconds, long Steps, double FirstEpochLoss);

/// <summary>
/// The floor the library is held to: plain TorchSharp training of the same network on the same rows, written the way
/// the TorchSharp documentation teaches — per-channel standardisation once up front, a Fisher–Yates shuffle per epoch,
/// each batch copied into a reused buffer and turned into a tensor in one call, Adam, a dispose scope per step.
/// Every row of a batch must have the same length (pad them first).
/// </summary>
internal static class HandTrainer
{
    public static HandRun Train(NetworkSpec spec, SyntheticData data, int batchSize, int epochs, int seed, float learningRate)
    {
        var watch = Stopwatch.StartNew();
        int d = spec.InputSize;
        var rows = Standardise(data.Rows, d);
        var targets = spec.Task == BenchTask.Regression ? StandardiseLabels(data.Labels) : data.Labels;

        random.manual_seed(seed);
        using var network = new HandNetwork(spec);
        var parameters = network.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, learningRate);
        var rng = new Random(seed);
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var buffers = new Dictionary<int, float[]>();
        double firstEpochLoss = double.NaN;
        long steps = 0;
        network.train();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            double lossSum = 0;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                int b = Math.Min(batchSize, order.Length - start);
                int rowLength = rows[order[start]].Length;
                if (!buffers.TryGetValue(b * rowLength, out var buffer))
                    buffers[b * rowLength] = buffer = new float[b * rowLength];
                for (int r = 0; r < b; r++)
                    rows[order[start + r]].CopyTo(buffer, r * rowLength);

                using var scope = NewDisposeScope();
                var input = tensor(buffer, new long[] { b, rowLength / d, d });       // -> (B, T, D)
                var labels = Labels(spec, targets, order.AsSpan(start, b));            // -> (B, 1) or (B)
                optimizer.zero_grad();
                var output = network.call(input);                                      // -> (B, O)
                var loss = spec.Task switch                                            // -> ()
                {
                    BenchTask.Regression => nn.functional.mse_loss(output, labels),
                    BenchTask.Binary => nn.functional.binary_cross_entropy_with_logits(output, labels),
                    _ => nn.functional.cross_entropy(output, labels),
                };
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * b;
                steps++;
            }

            if (epoch == 1)
                firstEpochLoss = lossSum / rows.Count;
        }

        return new HandRun(watch.Elapsed.TotalSeconds, steps, firstEpochLoss);
    }

    /// <summary>Per-channel (x − mean) / std over every step of every row; statistics in double, applied in float.</summary>
    public static List<float[]> Standardise(IReadOnlyList<float[]> rows, int d)
    {
        var sum = new double[d];
        var sumSquares = new double[d];
        long steps = 0;
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                sum[i % d] += row[i];
                sumSquares[i % d] += (double)row[i] * row[i];
            }

            steps += row.Length / d;
        }

        var mean = new float[d];
        var inverseStd = new float[d];
        for (int c = 0; c < d; c++)
        {
            double m = sum[c] / Math.Max(steps, 1);
            double std = Math.Sqrt(Math.Max(sumSquares[c] / Math.Max(steps, 1) - m * m, 0));
            mean[c] = (float)m;
            inverseStd[c] = std > 1e-8 ? (float)(1 / std) : 1f;
        }

        var result = new List<float[]>(rows.Count);
        foreach (var row in rows)
        {
            var scaled = new float[row.Length];
            for (int i = 0; i < row.Length; i++)
                scaled[i] = (row[i] - mean[i % d]) * inverseStd[i % d];
            result.Add(scaled);
        }

        return result;
    }

    private static float[] StandardiseLabels(float[] labels)
    {
        double sum = 0, sumSquares = 0;
        foreach (var l in labels)
        {
            sum += l;
            sumSquares += (double)l * l;
        }

        double m = sum / labels.Length;
        double s = Math.Sqrt(Math.Max(sumSquares / labels.Length - m * m, 0));
        float mean = (float)m, std = s > 1e-8 ? (float)s : 1f;
        return labels.Select(l => (l - mean) / std).ToArray();
    }

    private static Tensor Labels(NetworkSpec spec, float[] targets, ReadOnlySpan<int> rows)
    {
        if (spec.Task == BenchTask.Multiclass)
        {
            var classes = new long[rows.Length];
            for (int i = 0; i < rows.Length; i++)
                classes[i] = (long)targets[rows[i]];
            return tensor(classes);                                                     // -> (B)
        }

        var values = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            values[i] = targets[rows[i]];
        return tensor(values, new long[] { rows.Length, 1 });                          // -> (B, 1)
    }
}
