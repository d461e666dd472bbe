using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class GradientDiagnosticsTests
{
    public GradientDiagnosticsTests() => TorchNativeLoader.EnsureLoaded();

    [Theory]
    [InlineData(RecurrentCellType.Lstm, true)]
    [InlineData(RecurrentCellType.Gru, false)]
    public void TakeEpochAndInputGradientNorms_OneStepOfMixedLengths_EqualPlainTorchSharpGradients(RecurrentCellType cell, bool bidirectional)
    {
        var ml = new MLContext(seed: 8);
        var rows = SyntheticSequences.Binary(24, 3, inputSize: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, cell, bidirectional, epochs: 1, inputSize: 2, configure: o =>
        {
            o.NumberOfLayers = 2; o.HiddenSize = 4; o.BatchSize = 24; o.LearningRate = 1e-7f; o.RecordGradientDiagnostics = true;
        }).Fit(data);
        var moments = HandNetwork.Moments(rows.Select(r => r.Features), 2);
        var labels = rows.Select(r => r.Label ? 1f : 0f).ToArray();
        using var scope = NewDisposeScope();
        var (parameters, loss) = TorchReference.BinaryLoss(model.GetWeights(), cell, 2, 4, 2, bidirectional, labels);
        var inputs = rows.Select(r => tensor(HandNetwork.Scale(r.Features, moments), new long[] { 1, r.Features.Length / 2, 2 }).requires_grad_(true)).ToArray();
        loss(inputs).backward();

        var expected = parameters.GroupBy(p => Microsoft.ML.Recurrent.Training.GradientDiagnostics.LayerOf(p.Key))
            .ToDictionary(g => g.Key, g => Math.Sqrt(g.Sum(p => Math.Pow(p.Value.grad!.norm().item<float>(), 2))));
        var epoch = model.TrainingHistory.Epochs.Single();
        epoch.GradientNorms!.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (layer, norm) in expected)
            epoch.GradientNorms[layer].Should().BeApproximately(norm, 1e-4 * norm + 1e-7, layer);

        int steps = rows.Max(r => r.Features.Length / 2);
        var perStep = new double[steps];
        foreach (var x in inputs)
        {
            var g = x.grad!.data<float>().ToArray();
            for (int i = 0; i < g.Length; i++)
                perStep[i / 2] += (double)g[i] * g[i];
        }

        var expectedInput = perStep.Select(Math.Sqrt).ToArray();
        epoch.InputGradientNorms.Should().Equal(expectedInput, (a, e) => Math.Abs(a - e) <= 1e-4 * e + 1e-8);
    }
}
