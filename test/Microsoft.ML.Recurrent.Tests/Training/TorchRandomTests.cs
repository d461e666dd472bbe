using System.Threading;
using System.Threading.Tasks;
using FluentAssertions;
using Microsoft.ML.Recurrent.Tests.Persistence;
using Microsoft.ML.Recurrent.Training;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class TorchRandomTests
{
    [Fact]
    public async Task Seeded_ModelLoadedOnAnotherThreadMeanwhile_DrawsTheSameNumbers()
    {
        var ml = new MLContext(seed: 3);
        var (model, folder, modelPath) = CrossProcessLoadTests.SaveSineForecaster(ml, length: 60, epochs: 1);
        model.Dispose();
        float[] alone = TorchRandom.Seeded(11, () => randn(64).data<float>().ToArray());

        using var inside = new ManualResetEventSlim();
        Task? load = null;
        float[] withLoad = TorchRandom.Seeded(11, () =>
        {
            load = Task.Run(() => ml.Model.Load(modelPath, out _));   // builds a network: draws its initial weights
            Thread.Sleep(500);                                        // time enough to reach those draws
            return randn(64).data<float>().ToArray();
        });
        await load!;
        System.IO.Directory.Delete(folder, recursive: true);

        withLoad.Should().Equal(alone, "a model being loaded draws its throw-away initial weights only while no seeded use runs");
    }
}
