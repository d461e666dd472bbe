using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Network;

public class RecurrentNetworkTests
{
    public RecurrentNetworkTests() => TorchNativeLoader.EnsureLoaded();

    [Fact]
    public void StateDict_Keys_ArePinned()
    {
        using var network = TorchRandom.Seeded(1, () => new RecurrentNetwork(new NetworkShape(3, RecurrentCellType.Gru, 4, 2, true, 0, 5, 0)));

        network.state_dict().Keys.Should().BeEquivalentTo(
            "recurrent.weight_ih_l0", "recurrent.weight_hh_l0", "recurrent.bias_ih_l0", "recurrent.bias_hh_l0",
            "recurrent.weight_ih_l0_reverse", "recurrent.weight_hh_l0_reverse", "recurrent.bias_ih_l0_reverse", "recurrent.bias_hh_l0_reverse",
            "recurrent.weight_ih_l1", "recurrent.weight_hh_l1", "recurrent.bias_ih_l1", "recurrent.bias_hh_l1",
            "recurrent.weight_ih_l1_reverse", "recurrent.weight_hh_l1_reverse", "recurrent.bias_ih_l1_reverse", "recurrent.bias_hh_l1_reverse",
            "head.weight", "head.bias");
    }

    [Fact]
    public void EncodeAll_RnnWithConstantWeights_MatchesHandComputedCell()
    {
        // h_t = tanh(W·x_t + b + U·h_{t-1} + c) with W = [0.5, -0.25], U = [[0.1, 0.2], [0.3, 0.4]], b = [0.1, 0], c = [0, -0.1].
        using var network = TorchRandom.Seeded(1, () => new RecurrentNetwork(new NetworkShape(1, RecurrentCellType.Rnn, 2, 1, false, 0, 1, 0)));
        var weights = network.state_dict();
        using (no_grad())
        {
            weights["recurrent.weight_ih_l0"].copy_(tensor(new[] { 0.5f, -0.25f }, new long[] { 2, 1 }));
            weights["recurrent.weight_hh_l0"].copy_(tensor(new[] { 0.1f, 0.2f, 0.3f, 0.4f }, new long[] { 2, 2 }));
            weights["recurrent.bias_ih_l0"].copy_(tensor(new[] { 0.1f, 0f }));
            weights["recurrent.bias_hh_l0"].copy_(tensor(new[] { 0f, -0.1f }));
        }

        var x = new[] { 1f, 2f, -1f };
        using var input = tensor(x, new long[] { 1, 3, 1 });
        using var lengths = tensor(new long[] { 3 });
        using var states = network.EncodeAll(input, lengths);
        var actual = states.data<float>().ToArray();

        double h0 = 0, h1 = 0;
        var expected = new double[6];
        for (int t = 0; t < 3; t++)
        {
            double n0 = Math.Tanh(0.5 * x[t] + 0.1 + 0.1 * h0 + 0.2 * h1 + 0);
            double n1 = Math.Tanh(-0.25 * x[t] + 0 + 0.3 * h0 + 0.4 * h1 - 0.1);
            (h0, h1) = (n0, n1);
            expected[2 * t] = h0;
            expected[2 * t + 1] = h1;
        }

        actual.Select(v => (double)v).Should().Equal(expected, (a, e) => Math.Abs(a - e) < 1e-6);
    }

    [Theory]
    [InlineData(RecurrentCellType.Lstm, true)]
    [InlineData(RecurrentCellType.Gru, false)]
    public void ForwardPerStep_VariableLengths_EachRowAsIfAlone(RecurrentCellType cell, bool bidirectional)
    {
        using var network = TorchRandom.Seeded(3, () => new RecurrentNetwork(new NetworkShape(2, cell, 5, 2, bidirectional, 0, 3, 0)));
        network.eval();
        var rng = new Random(1);
        var a = Enumerable.Range(0, 2 * 6).Select(_ => (float)rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 2 * 3).Select(_ => (float)rng.NextDouble()).ToArray();
        using var batch = tensor(a.Concat(b).Concat(new float[6]).ToArray(), new long[] { 2, 6, 2 });
        using var lengths = tensor(new long[] { 6, 3 });
        using var alone = tensor(b, new long[] { 1, 3, 2 });
        using var aloneLengths = tensor(new long[] { 3 });

        using var together = network.ForwardPerStep(batch, lengths);    // (2, 6, 3)
        using var single = network.ForwardPerStep(alone, aloneLengths); // (1, 3, 3)

        var rowB = together[1].slice(0, 0, 3, 1).data<float>().ToArray();
        rowB.Should().Equal(single.data<float>().ToArray(), (x, y) => Math.Abs(x - y) < 1e-5f);
    }

    [Theory]
    [InlineData(RecurrentCellType.Lstm, false)]
    [InlineData(RecurrentCellType.Gru, false)]
    [InlineData(RecurrentCellType.Rnn, false)]
    [InlineData(RecurrentCellType.Lstm, true)]
    [InlineData(RecurrentCellType.Gru, true)]
    public void Forward_PaddedRowsOfDifferentLengths_SameOutputsAndGradientsAsEachRowAlone(RecurrentCellType cell, bool bidirectional)
    {
        // Seeded draws go through the library's lock on libtorch's one generator, so that tests running at the same time
        // cannot change each other's draws (a parallel DeterminismTests run saw different weights for the same seed).
        var (network, input) = TorchRandom.Seeded(7, () => (new RecurrentNetwork(new NetworkShape(2, cell, 5, 2, bidirectional, 0, 3, 0)), randn(3, 5, 2)));
        using var disposeNetwork = network;
        long[] lengths = { 5, 2, 4 };
        for (int b = 0; b < 3; b++)
            input[b, TensorIndex.Slice(lengths[b])] = zeros(5 - lengths[b], 2);   // padding after each row's end

        var batched = network.call(input, tensor(lengths));                      // -> (3, 3)
        batched.sum().backward();
        var batchedGradients = network.parameters().Select(p => p.grad!.clone()).ToArray();
        network.zero_grad();
        var alone = Enumerable.Range(0, 3).Select(b =>
        {
            var row = input[TensorIndex.Slice(b, b + 1), TensorIndex.Slice(0, lengths[b])];   // -> (1, len, 2)
            var output = network.call(row, tensor(new[] { lengths[b] }));
            output.sum().backward();
            return output;
        }).ToArray();

        for (int b = 0; b < 3; b++)
            batched[b].data<float>().ToArray().Should().Equal(alone[b][0].data<float>().ToArray(), (x, y) => Math.Abs(x - y) < 1e-5f, "row {0}", b);
        var gradients = network.parameters().Select(p => p.grad!).ToArray();
        for (int i = 0; i < gradients.Length; i++)
            gradients[i].allclose(batchedGradients[i], rtol: 1e-4, atol: 1e-6).Should().BeTrue("parameter {0}'s gradient", i);
    }
}
