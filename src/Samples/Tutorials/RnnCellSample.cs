using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;

namespace Samples.Tutorials;

/// <summary>
/// The Elman cell by hand: h_t = tanh(W_ih·x_t + b_ih + W_hh·h_(t−1) + b_hh). Trains a tiny RNN, reads its weights and
/// recomputes every hidden state by hand; then starts the same sequence from a non-zero initial state h0 (PyTorch's
/// <c>rnn(x, h0)</c>) and checks the library against a plain TorchSharp <c>nn.RNN</c> with the same weights and h0;
/// success when both match to 1e-5.
/// </summary>
/// <example><code>
/// // Expected output:
/// // hidden states by hand vs library: largest difference 1e-7 over 6 steps × 3 units
/// // from h0 = [0.5, -0.3, 0.2]: library vs TorchSharp nn.RNN(x, h0): largest difference 0.0E+000
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

        // An initial state, as in PyTorch's rnn(x, h0): h0 is (layers × directions, hidden) = (1, 3) here. Scoring
        // columns take it through InitialStateColumnName; GetHiddenStates takes it directly.
        var h0 = new[] { 0.5f, -0.3f, 0.2f };
        var fromH0 = model.GetHiddenStates(x, h0);
        using var rnn = TorchSharp.torch.nn.RNN(1, 3, 1, batchFirst: true);
        using (TorchSharp.torch.no_grad())
        {
            foreach (var (name, parameter) in rnn.named_parameters())
                parameter.copy_(TorchSharp.torch.tensor(w["recurrent." + name], parameter.shape));
        }

        var (torchOutputs, _) = rnn.call(TorchSharp.torch.tensor(x, new long[] { 1, x.Length, 1 }), TorchSharp.torch.tensor(h0, new long[] { 1, 1, 3 }));
        var expected = torchOutputs.data<float>().ToArray();   // (1, T, 3) flattened
        double fromH0Largest = fromH0.SelectMany(v => v).Zip(expected, (a, b) => (double)Math.Abs(a - b)).Max();

        Console.WriteLine(model.GetParameterSummary());
        Console.WriteLine(Tutorial.Invariant($"hidden states by hand vs library: largest difference {largest:E1} over {x.Length} steps × 3 units"));
        Console.WriteLine(Tutorial.Invariant($"from h0 = [0.5, -0.3, 0.2]: library vs TorchSharp nn.RNN(x, h0): largest difference {fromH0Largest:E1}"));
        return new SampleResult(largest < 1e-5 && fromH0Largest < 1e-5,
            Tutorial.Invariant($"RNN cell by hand matches the library (largest difference {largest:E1}); from h0 it matches TorchSharp's nn.RNN ({fromH0Largest:E1})"));
    }
}
