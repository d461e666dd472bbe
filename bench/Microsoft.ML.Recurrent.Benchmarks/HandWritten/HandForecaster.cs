using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Benchmarks.HandWritten;

/// <summary>What one hand-written forecaster run measured.</summary>
/// <param name="Seconds">Wall time, reading the series included.</param>
/// <param name="FirstEpochLoss">Mean training loss of epoch 1, as the library reports it.</param>
/// <param name="CalibrationLoss">Calibration loss of the kept epoch (NaN when not calibrating).</param>
/// <param name="ResidualScale">Root-mean-square scaled calibration error per horizon step (empty when not calibrating).</param>
internal sealed record HandForecastRun(double Seconds, double FirstEpochLoss, double CalibrationLoss, float[] ResidualScale);

/// <summary>
/// A direct forecaster trained by hand in TorchSharp, doing the work of <c>ForecastByRecurrent</c>'s <c>Fit</c> on one
/// series: windows ending at steps W−1 … n−H−1, the latest 10% held out for calibration; each epoch the training
/// windows shuffled (Fisher–Yates) and the first <c>perEpoch</c> trained on, each window standardised by its own mean and
/// standard deviation into a reused buffer, one tensor per batch, MSE against the next H values in the same units,
/// Adam, a dispose scope per step; after each epoch every calibration window scored (no_grad, <c>scoringBatch</c>
/// windows per pass) for the loss and the per-step spread of the errors, keeping the best epoch's weights.
/// </summary>
internal static class HandForecaster
{
    public static HandForecastRun Train(NetworkSpec spec, IReadOnlyList<float> observations, int window, int perEpoch, int batchSize, int scoringBatch,
        int epochs, int seed, float learningRate, bool calibrate = true)
    {
        var watch = Stopwatch.StartNew();
        var series = observations.ToArray();
        int horizon = spec.OutputSize;
        int count = series.Length - window - horizon + 1;
        int held = Math.Max(1, (int)Math.Round(count * 0.1f));
        int trainCount = count - held;
        perEpoch = Math.Min(perEpoch, trainCount);

        random.manual_seed(seed);
        using var network = new HandNetwork(spec);
        var parameters = network.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, learningRate);
        var rng = new Random(seed);
        var order = Enumerable.Range(0, trainCount).ToArray();
        var buffers = new Dictionary<int, float[]>();
        var means = new float[Math.Max(batchSize, scoringBatch)];
        var scales = new float[means.Length];
        double firstEpochLoss = double.NaN, bestLoss = double.PositiveInfinity;
        double[]? bestResiduals = null;
        Tensor[]? best = null;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            network.train();
            double lossSum = 0;
            for (int start = 0; start < perEpoch; start += batchSize)
            {
                int b = Math.Min(batchSize, perEpoch - start);
                var input = Buffer(buffers, b * window);
                var target = Buffer(buffers, -b * horizon);
                for (int r = 0; r < b; r++)
                {
                    int end = window - 1 + order[start + r];
                    Standardise(series, end, window, input.AsSpan(r * window, window), out float mean, out float scale);
                    for (int k = 0; k < horizon; k++)
                        target[r * horizon + k] = (series[end + 1 + k] - mean) / scale;
                }

                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var output = network.call(tensor(input, new long[] { b, window, 1 }));              // -> (B, H)
                var loss = nn.functional.mse_loss(output, tensor(target, new long[] { b, horizon })); // -> ()
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * b;
            }

            if (epoch == 1)
                firstEpochLoss = lossSum / perEpoch;
            if (!calibrate)
                continue;

            var (calibrationLoss, residuals) = Calibrate(network, series, window, horizon, trainCount, held, scoringBatch, buffers, means, scales);
            if (calibrationLoss < bestLoss)
            {
                bestLoss = calibrationLoss;
                bestResiduals = residuals;
                if (best is not null)
                {
                    foreach (var t in best)
                        t.Dispose();
                }

                best = parameters.Select(p => p.detach().clone()).ToArray();
            }
        }

        if (best is not null)
        {
            using (no_grad())
            {
                for (int i = 0; i < parameters.Length; i++)
                    parameters[i].copy_(best[i]);
            }

            foreach (var t in best)
                t.Dispose();
        }

        var residualScale = bestResiduals?.Select(s => (float)Math.Sqrt(s / held)).ToArray() ?? Array.Empty<float>();
        return new HandForecastRun(watch.Elapsed.TotalSeconds, firstEpochLoss, calibrate ? bestLoss : double.NaN, residualScale);
    }

    /// <summary>Scores the calibration windows: mean squared error in standardised units, and per step the sum of
    /// squared errors of the raw forecast divided by the window's scale.</summary>
    private static (double Loss, double[] SumSquares) Calibrate(HandNetwork network, float[] series, int window, int horizon, int firstWindow, int windows,
        int scoringBatch, Dictionary<int, float[]> buffers, float[] means, float[] scales)
    {
        network.eval();
        double loss = 0;
        var sumSquares = new double[horizon];
        using (no_grad())
        {
            for (int start = 0; start < windows; start += scoringBatch)
            {
                int b = Math.Min(scoringBatch, windows - start);
                var input = Buffer(buffers, b * window);
                for (int r = 0; r < b; r++)
                    Standardise(series, window - 1 + firstWindow + start + r, window, input.AsSpan(r * window, window), out means[r], out scales[r]);
                using var scope = NewDisposeScope();
                var output = network.call(tensor(input, new long[] { b, window, 1 })).data<float>().ToArray();   // -> (B, H)
                for (int r = 0; r < b; r++)
                {
                    int end = window - 1 + firstWindow + start + r;
                    for (int k = 0; k < horizon; k++)
                    {
                        float actual = series[end + 1 + k], value = output[r * horizon + k];
                        double error = value - (double)((actual - means[r]) / scales[r]);
                        loss += error * error;
                        double e = (actual - (value * scales[r] + means[r])) / scales[r];
                        sumSquares[k] += e * e;
                    }
                }
            }
        }

        return (loss / ((double)windows * horizon), sumSquares);
    }

    /// <summary>(x − mean) / std of the window ending at <paramref name="end"/>; std floored at 1e-3·(|mean| + 1).</summary>
    private static void Standardise(float[] series, int end, int window, Span<float> destination, out float mean, out float scale)
    {
        var values = series.AsSpan(end - window + 1, window);
        double sum = 0, sumSquares = 0;
        foreach (var v in values)
        {
            sum += v;
            sumSquares += (double)v * v;
        }

        double m = sum / window;
        double std = Math.Sqrt(Math.Max(sumSquares / window - m * m, 0));
        mean = (float)m;
        scale = (float)Math.Max(std, 1e-3 * (Math.Abs(m) + 1));
        for (int t = 0; t < window; t++)
            destination[t] = (values[t] - mean) / scale;
    }

    /// <summary>A reused buffer per length (negative keys for targets, so inputs and targets never share one).</summary>
    private static float[] Buffer(Dictionary<int, float[]> buffers, int key)
    {
        if (!buffers.TryGetValue(key, out var buffer))
            buffers[key] = buffer = new float[Math.Abs(key)];
        return buffer;
    }
}
