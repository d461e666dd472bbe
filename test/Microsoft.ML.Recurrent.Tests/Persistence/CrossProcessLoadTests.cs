using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Persistence;

public class CrossProcessLoadTests
{
    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Regression)]
    public void ModelLoad_InNewProcess_ScoresIdentically(TrainerKind kind)
    {
        var ml = new MLContext(seed: 3);
        var data = TrainerFactory.Data(ml, kind, count: 40);
        var model = ml.Transforms.CopyColumns("Features", "Features")
            .Append(TrainerFactory.Trainer(ml, kind, RecurrentCellType.Gru, bidirectional: true, epochs: 5))
            .Fit(data);
        var folder = Directory.CreateTempSubdirectory("recurrent-xproc-").FullName;
        var modelPath = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, data.Schema, modelPath);

        var features = data.GetColumn<float[]>("Features").ToArray();
        File.WriteAllLines(Path.Combine(folder, "rows.txt"), features.Select(f => string.Join(" ", f.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        var expected = TrainerFactory.Scores(model.Transform(data), kind);

        var (exitCode, output) = Run(ScoringProcessPath(), modelPath, Path.Combine(folder, "rows.txt"), Path.Combine(folder, "scores.txt"));
        exitCode.Should().Be(0, output);
        var lines = File.ReadAllLines(Path.Combine(folder, "scores.txt"));
        var batch = lines.Take(features.Length).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var oneByOne = lines.Skip(features.Length).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        batch.Should().Equal(expected);
        oneByOne.Should().HaveCount(expected.Length);
        for (int i = 0; i < expected.Length; i++)
            oneByOne[i].Should().BeApproximately(expected[i], 1e-5f, "a batch of one scores row {0} like the full batch", i);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void ForecasterLoad_InNewProcess_ForecastsIdentically()
    {
        var ml = new MLContext(seed: 3);
        var (model, folder, modelPath) = SaveSineForecaster(ml, length: 150, epochs: 2);
        var expected = model.CreateForecastEngine<Forecasting.Observation, Forecasting.ForecastResult>(ml).Predict();

        var (exitCode, output) = Run(ScoringProcessPath(), "forecast", modelPath, Path.Combine(folder, "forecast.txt"));

        exitCode.Should().Be(0, output);
        var lines = File.ReadAllLines(Path.Combine(folder, "forecast.txt"))
            .Select(l => l.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        lines[0].Should().Equal(expected.Forecast);
        lines[1].Should().Equal(expected.Lower);
        lines[2].Should().Equal(expected.Upper);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Trains a small forecaster on a seeded sine of <paramref name="length"/> steps and saves it in a new
    /// temporary folder (the caller deletes it).</summary>
    internal static (RecurrentForecastingTransformer Model, string Folder, string ModelPath) SaveSineForecaster(MLContext ml, int length, int epochs)
    {
        var series = ml.Data.LoadFromEnumerable(Forecasting.SeriesData.Sine(length, 3));
        var model = ml.Forecasting.ForecastByRecurrent(Forecasting.SeriesData.Options(epochs: epochs)).Fit(series);
        var folder = Directory.CreateTempSubdirectory("recurrent-xproc-").FullName;
        var modelPath = Path.Combine(folder, "forecaster.zip");
        ml.Model.Save(model, series.Schema, modelPath);
        return (model, folder, modelPath);
    }

    /// <summary>The test scoring program's assembly, built beside the tests.</summary>
    internal static string ScoringProcessPath()
    {
        var testDir = AppContext.BaseDirectory;
        var path = testDir.Replace("Microsoft.ML.Recurrent.Tests", "Microsoft.ML.Recurrent.ScoringProcess", StringComparison.Ordinal);
        return Path.Combine(path, "Microsoft.ML.Recurrent.ScoringProcess.dll");
    }

    private static (int ExitCode, string Output) Run(string dll, params string[] args)
        => Packaging.ChildProcess.Run("dotnet", args.Prepend(dll), TimeSpan.FromSeconds(120));
}
