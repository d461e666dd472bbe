using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;

namespace Samples.Tutorials;

/// <summary>
/// Multi-layer and bidirectional LSTMs: parameter counts (4·H·(D + H + 2) per layer and direction, as PyTorch) and the
/// size of the hidden state per step (directions × H). Success when every count matches the formula.
/// </summary>
public sealed class ShapesSample : ISample
{
    /// <inheritdoc/>
    public string Name => "Shapes";

    /// <inheritdoc/>
    public string Description => "Parameter counts and hidden-state sizes of 1- and 2-layer, uni- and bidirectional LSTMs";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        const int input = 3, hidden = 8;
        var ml = new MLContext(seed: settings.Seed);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 8).Select(i => new NumberRow { Features = Enumerable.Repeat((float)i, 5 * input).ToArray(), Label = i }));
        bool ok = true;
        foreach (var (layers, bidirectional) in new[] { (1, false), (2, false), (2, true) })
        {
            using var model = ml.Regression.Trainers.Recurrent(new RecurrentRegressionOptions
            {
                CellType = RecurrentCellType.Lstm, InputSize = input, HiddenSize = hidden, NumberOfLayers = layers, Bidirectional = bidirectional, NumberOfEpochs = 1,
            }).Fit(data);
            int k = bidirectional ? 2 : 1;
            long expected = 0;
            for (int layer = 0; layer < layers; layer++)
                expected += k * 4L * hidden * ((layer == 0 ? input : k * hidden) + hidden + 2);
            expected += k * hidden + 1;   // the output layer
            var summary = model.GetParameterSummary();
            var states = model.GetHiddenStates(Enumerable.Repeat(0.5f, 5 * input).ToArray());
            bool match = summary.TotalCount == expected && states.Length == 5 && states[0].Length == k * hidden;
            ok &= match;
            Console.WriteLine(Tutorial.Invariant($"layers {layers}, bidirectional {bidirectional}: {summary.TotalCount:N0} parameters (formula {expected:N0}), hidden state per step {states[0].Length} values over {states.Length} steps {(match ? "✓" : "✗")}"));
        }

        return new SampleResult(ok, "parameter counts and hidden-state sizes match PyTorch's formulas");
    }
}
