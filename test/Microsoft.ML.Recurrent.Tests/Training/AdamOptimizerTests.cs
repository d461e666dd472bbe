using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Training;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class AdamOptimizerTests
{
    [Theory]
    [InlineData(RecurrentCellType.Lstm)]
    [InlineData(RecurrentCellType.Gru)]
    public void Step_SameNetworkAndBatches_UpdatesExactlyAsTorchSharpsAdam(RecurrentCellType cell)
    {
        TorchNativeLoader.EnsureLoaded();
        var shape = new NetworkShape(2, cell, 8, 2, false, 0, 1, 0);
        using var ours = TorchRandom.Seeded(5, () => new RecurrentNetwork(shape));
        using var reference = TorchRandom.Seeded(5, () => new RecurrentNetwork(shape));
        var oursParameters = ours.parameters().ToArray();
        var referenceParameters = reference.parameters().ToArray();
        using var adam = new AdamOptimizer(oursParameters, 0.01);
        using var torchSharpAdam = TorchSharp.torch.optim.Adam(referenceParameters, 0.01);
        using var input = TorchRandom.Seeded(6, () => randn(4, 7, 2));       // -> (B, T, D)
        using var target = TorchRandom.Seeded(7, () => randn(4, 1));          // -> (B, 1)
        using var lengths = tensor(new long[] { 7, 5, 3, 7 });

        for (int step = 0; step < 6; step++)
        {
            using (var scope = NewDisposeScope())
            {
                adam.ZeroGrad();
                nn.functional.mse_loss(ours.Forward(input, lengths, null), target).backward();
                adam.Step();
            }

            using (var scope = NewDisposeScope())
            {
                torchSharpAdam.zero_grad();
                nn.functional.mse_loss(reference.Forward(input, lengths, null), target).backward();
                torchSharpAdam.step();
            }
        }

        for (int i = 0; i < oursParameters.Length; i++)
        {
            using var scope = NewDisposeScope();
            oursParameters[i].data<float>().ToArray().Should().Equal(referenceParameters[i].data<float>().ToArray(),
                $"parameter {i} after 6 steps is the same to the last bit");
        }
    }
}
