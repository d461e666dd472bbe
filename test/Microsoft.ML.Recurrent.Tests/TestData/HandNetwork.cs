using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Recurrent.Tests.TestData;

/// <summary>
/// PyTorch's RNN, LSTM and GRU equations written out in plain double arithmetic over a fitted model's weights
/// (<c>GetWeights</c>): an independent reference for what the library computes on one unpadded sequence.
/// </summary>
public sealed class HandNetwork
{
    private readonly IReadOnlyDictionary<string, float[]> _w;

    public HandNetwork(IReadOnlyDictionary<string, float[]> weights, RecurrentCellType cell, int inputSize, int hiddenSize, int layers, bool bidirectional)
    {
        _w = weights;
        Cell = cell;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Layers = layers;
        Directions = bidirectional ? 2 : 1;
    }

    public RecurrentCellType Cell { get; }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int Layers { get; }

    public int Directions { get; }

    /// <summary>Every layer's output at every step (directions concatenated), and the final state of the last layer
    /// (forward at the last step, backward at the first), for one sequence of already scaled values.</summary>
    public (double[][] LastLayer, double[] Final) Run(float[] sequence, Func<int, float>? repeat = null)
    {
        int steps = sequence.Length / InputSize;
        var input = Enumerable.Range(0, steps).Select(t => sequence.Skip(t * InputSize).Take(InputSize).Select(v => (double)v).ToArray()).ToArray();
        double[] final = Array.Empty<double>();
        for (int layer = 0; layer < Layers; layer++)
        {
            var outputs = Enumerable.Range(0, steps).Select(_ => new double[Directions * HiddenSize]).ToArray();
            final = new double[Directions * HiddenSize];
            for (int k = 0; k < Directions; k++)
            {
                string suffix = $"_l{layer}{(k == 1 ? "_reverse" : "")}";
                var h = new double[HiddenSize];
                var c = new double[HiddenSize];
                for (int i = 0; i < steps; i++)
                {
                    int t = k == 0 ? i : steps - 1 - i;
                    (h, c) = Step(suffix, input[t], h, c);
                    Array.Copy(h, 0, outputs[t], k * HiddenSize, HiddenSize);
                }

                Array.Copy(h, 0, final, k * HiddenSize, HiddenSize);
            }

            input = outputs;
        }

        return (input, final);
    }

    /// <summary>The output layer: head.weight · state + head.bias.</summary>
    public double[] Head(double[] state)
    {
        var w = _w["head.weight"];
        var b = _w["head.bias"];
        return Enumerable.Range(0, b.Length).Select(o => b[o] + Enumerable.Range(0, state.Length).Sum(j => w[o * state.Length + j] * state[j])).ToArray();
    }

    private (double[] H, double[] C) Step(string suffix, double[] x, double[] h, double[] c)
    {
        var wi = _w["recurrent.weight_ih" + suffix];
        var wh = _w["recurrent.weight_hh" + suffix];
        var bi = _w["recurrent.bias_ih" + suffix];
        var bh = _w["recurrent.bias_hh" + suffix];
        int n = HiddenSize, rows = bi.Length;
        var gx = new double[rows];
        var gh = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            gx[r] = bi[r] + Enumerable.Range(0, x.Length).Sum(j => wi[r * x.Length + j] * x[j]);
            gh[r] = bh[r] + Enumerable.Range(0, n).Sum(j => wh[r * n + j] * h[j]);
        }

        var hNew = new double[n];
        var cNew = new double[n];
        for (int j = 0; j < n; j++)
        {
            switch (Cell)
            {
                case RecurrentCellType.Rnn:
                    hNew[j] = Math.Tanh(gx[j] + gh[j]);
                    break;
                case RecurrentCellType.Lstm:
                    double ig = Sigmoid(gx[j] + gh[j]), fg = Sigmoid(gx[n + j] + gh[n + j]);
                    double gg = Math.Tanh(gx[2 * n + j] + gh[2 * n + j]), og = Sigmoid(gx[3 * n + j] + gh[3 * n + j]);
                    cNew[j] = fg * c[j] + ig * gg;
                    hNew[j] = og * Math.Tanh(cNew[j]);
                    break;
                default:
                    double rg = Sigmoid(gx[j] + gh[j]), zg = Sigmoid(gx[n + j] + gh[n + j]);
                    double ng = Math.Tanh(gx[2 * n + j] + rg * gh[2 * n + j]);
                    hNew[j] = (1 - zg) * ng + zg * h[j];
                    break;
            }
        }

        return (hNew, cNew);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>Per-channel mean and population standard deviation over every step of <paramref name="rows"/>.</summary>
    public static (double[] Mean, double[] Std) Moments(IEnumerable<float[]> rows, int inputSize)
    {
        var all = rows.ToList();
        var mean = new double[inputSize];
        var std = new double[inputSize];
        for (int c = 0; c < inputSize; c++)
        {
            var values = all.SelectMany(r => r.Where((_, i) => i % inputSize == c)).Select(v => (double)v).ToArray();
            mean[c] = values.Average();
            std[c] = Math.Sqrt(values.Select(v => (v - mean[c]) * (v - mean[c])).Average());
        }

        return (mean, std);
    }

    /// <summary><paramref name="row"/> standardised with <paramref name="moments"/>.</summary>
    public static float[] Scale(float[] row, (double[] Mean, double[] Std) moments)
        => row.Select((v, i) => (float)((v - moments.Mean[i % moments.Mean.Length]) / moments.Std[i % moments.Mean.Length])).ToArray();
}
