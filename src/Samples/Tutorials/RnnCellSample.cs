using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;

namespace Samples.Tutorials;

/// <summary>
/// The Elman cell by hand: h_t = tanh(W_ih·x_t + b_ih + W_hh·h_(t−1) + b_hh). Trains a tiny RNN, reads its weights and
/// recomputes every hidden state by hand; success when they match the library's to 1e-5.
/// </summary>
/// <example><code>
/// // Expected output:
/// // hidden states by hand vs library: largest difference 1e-7 over 6 steps × 3 units
/// </code></example>
public sealed class RnnCellSample : ISample
{
    /// <inheritdoc/>
    public string Name => "RnnCell";

    /// <inheritdoc/>
    public string Description => "The RNN cell's arithmetic recomputed by hand from the trained weights and compared with the library";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var ml = new MLContext(seed: settings.Seed);
        var rng = new Random(settings.Seed);
        var rows = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, 6).Select(_ => (float)rng.NextDouble()).ToArray())
            .Select(x => new NumberRow { Features = x, Label = x.Sum() }).ToList();
        using var model = ml.Regression.Trainers.Recurrent(new RecurrentRegressionOptions
        {
            CellType = RecurrentCellType.Rnn, HiddenSize = 3, NumberOfEpochs = 5, NormalizeFeatures = false,
        }).Fit(ml.Data.LoadFromEnumerable(rows));

        var w = model.GetWeights();
        float[] wih = w["recurrent.weight_ih_l0"], whh = w["recurrent.weight_hh_l0"], bih = w["recurrent.bias_ih_l0"], bhh = w["recurrent.bias_hh_l0"];
        var x = rows[0].Features;
        var library = model.GetHiddenStates(x);
        var h = new double[3];
        double largest = 0;
        for (int t = 0; t < x.Length; t++)
        {
            var next = new double[3];
            for (int u = 0; u < 3; u++)
            {
                double z = wih[u] * x[t] + bih[u] + bhh[u];
                for (int v = 0; v < 3; v++)
                    z += whh[u * 3 + v] * h[v];
                next[u] = Math.Tanh(z);
                largest = Math.Max(largest, Math.Abs(next[u] - library[t][u]));
            }

            h = next;
        }

        Console.WriteLine(model.GetParameterSummary());
        Console.WriteLine(Tutorial.Invariant($"hidden states by hand vs library: largest difference {largest:E1} over {x.Length} steps × 3 units"));
        return new SampleResult(largest < 1e-5, Tutorial.Invariant($"RNN cell by hand matches the library (largest difference {largest:E1})"));
    }
}
