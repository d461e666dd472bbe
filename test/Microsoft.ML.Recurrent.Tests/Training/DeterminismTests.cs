using System;
using System.IO;
using FluentAssertions;
using Microsoft.ML.Recurrent.Tests.Packaging;
using Microsoft.ML.Recurrent.Tests.Persistence;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class DeterminismTests
{
    [Theory]
    [InlineData(TrainerKind.Multiclass)]
    [InlineData(TrainerKind.Regression)]
    public void Fit_SameSeed_IdenticalModels(TrainerKind kind)
    {
        float[] Train(int seed)
        {
            var ml = new MLContext(seed);
            var data = TrainerFactory.Data(ml, kind, count: 30);
            var model = TrainerFactory.Trainer(ml, kind, RecurrentCellType.Lstm, epochs: 3, configure: o => o.Dropout = 0.2f).Fit(data);
            return TrainerFactory.Scores(model.Transform(data), kind);
        }

        Train(7).Should().Equal(Train(7));
        Train(7).Should().NotEqual(Train(8));
    }

    [Fact]
    public void Fit_TwoModelsAtOnceOnDifferentThreads_SameAsEachAlone()
    {
        float[] Train(int seed, int threads)
        {
            var ml = new MLContext(seed);
            var data = TrainerFactory.Data(ml, TrainerKind.Regression, count: 30);
            using var model = TrainerFactory.Trainer(ml, TrainerKind.Regression, epochs: 2,
                configure: o => { o.Dropout = 0.1f; o.NumberOfLayers = 2; o.NumberOfThreads = threads; }).Fit(data);
            return TrainerFactory.Scores(model.Transform(data), TrainerKind.Regression);
        }

        var alone = new[] { Train(7, 1), Train(8, 2) };
        int callerThreads = TorchSharp.torch.get_num_threads();
        var together = new float[2][];

        System.Threading.Tasks.Parallel.For(0, 2, k => together[k] = Train(7 + k, k + 1));

        together[0].Should().Equal(alone[0]);
        together[1].Should().Equal(alone[1]);
        TorchSharp.torch.get_num_threads().Should().Be(callerThreads);
    }

    [Fact]
    public void Fit_SameSeedInTwoProcesses_IdenticalScoresAndNothingOnTheConsole()
    {
        // The child trains a regressor with dropout and a forecaster from MLContext(seed: 7) and writes their scores.
        var folder = Directory.CreateTempSubdirectory("recurrent-seed-").FullName;
        try
        {
            string[] Train(string name)
            {
                var path = Path.Combine(folder, name);
                var (exitCode, output) = ChildProcess.Run("dotnet", new[] { CrossProcessLoadTests.ScoringProcessPath(), "seeded-training", path }, TimeSpan.FromSeconds(120));
                exitCode.Should().Be(0, output);
                output.Should().BeEmpty("the library writes progress and warnings to mlContext.Log, never to the console");
                return File.ReadAllLines(path);
            }

            var first = Train("first.txt");
            first.Should().HaveCount(40 + 2);
            Train("second.txt").Should().Equal(first, "MLContext(seed) gives bit-identical models in separate processes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
