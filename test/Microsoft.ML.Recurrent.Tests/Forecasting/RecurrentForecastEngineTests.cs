using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class RecurrentForecastEngineTests
{
    [Theory]
    [InlineData(ForecastStrategy.Direct)]
    [InlineData(ForecastStrategy.Recursive)]
    public void PredictExample_NewObservation_EqualsTransformOnExtendedSeries(ForecastStrategy strategy)
    {
        var ml = new MLContext(seed: 1);
        var series = SeriesData.Sine(160, 1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(strategy: strategy, epochs: 2)).Fit(ml.Data.LoadFromEnumerable(series.Take(150)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(ml);

        var first = engine.Predict();
        var afterOne = engine.Predict(series[150]);
        var afterTwo = engine.Predict(series[151]);

        var byHand = model.Transform(ml.Data.LoadFromEnumerable(series.Take(152))).GetColumn<float[]>("Forecast").ToArray();
        // A batch of one and a batch of many differ only by float rounding.
        first.Forecast.Should().Equal(byHand[149], (a, b) => Math.Abs(a - b) < 1e-5f);
        afterOne.Forecast.Should().Equal(byHand[150], (a, b) => Math.Abs(a - b) < 1e-5f);
        afterTwo.Forecast.Should().Equal(byHand[151], (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void Engines_FromOneModel_DoNotShareState()
    {
        var ml = new MLContext(seed: 1);
        var series = SeriesData.Sine(120, 1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(epochs: 1)).Fit(ml.Data.LoadFromEnumerable(series));
        var a = model.CreateForecastEngine<Observation, ForecastResult>(ml);
        var b = model.CreateForecastEngine<Observation, ForecastResult>(ml);

        var before = b.Predict().Forecast;
        a.Predict(new Observation { Value = 5 });

        b.Predict().Forecast.Should().Equal(before);
        a.Predict().Forecast.Should().NotEqual(before);
    }

    [Fact]
    public void CheckPoint_ThenLoad_ContinuesIdentically()
    {
        var ml = new MLContext(seed: 1);
        var series = SeriesData.Sine(130, 1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(epochs: 2)).Fit(ml.Data.LoadFromEnumerable(series.Take(120)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(ml);
        engine.Predict(series[120]);
        engine.Predict(series[121]);
        var path = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.zip");

        engine.CheckPoint(ml, path);
        var loaded = new MLContext(seed: 9).Model.Load(path, out _);
        var resumed = loaded.CreateForecastEngine<Observation, ForecastResult>(ml);

        resumed.Predict().Forecast.Should().Equal(engine.Predict().Forecast);
        resumed.Predict(series[122]).Forecast.Should().Equal(engine.Predict(series[122]).Forecast);
        resumed.Predict().Lower.Should().Equal(engine.Predict().Lower);
        File.Delete(path);
    }

    [Fact]
    public void CheckPoint_ForecasterDisposed_ThrowsAndKeepsTheCheckpointAlreadySaved()
    {
        var ml = new MLContext(seed: 1);
        var series = SeriesData.Sine(130, 1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(epochs: 1)).Fit(ml.Data.LoadFromEnumerable(series.Take(120)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(ml);
        var path = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.zip");
        engine.CheckPoint(ml, path);
        var saved = File.ReadAllBytes(path);
        model.Dispose();

        var checkPoint = () => engine.CheckPoint(ml, path);

        checkPoint.Should().Throw<ObjectDisposedException>().WithMessage("*cannot be saved any more*");
        File.ReadAllBytes(path).Should().Equal(saved, "a failed checkpoint leaves the one already saved as it was");
        Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*").Should().BeEmpty("nor any temporary file");
        var loaded = new MLContext(seed: 2).Model.Load(path, out _);
        loaded.CreateForecastEngine<Observation, ForecastResult>(ml).Predict().Forecast.Should().HaveCount(SeriesData.Options().Horizon);
        File.Delete(path);
    }

    [Fact]
    public void CheckPoint_FolderMissing_NamesThePathGivenNotTheTemporaryFile()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(epochs: 1)).Fit(ml.Data.LoadFromEnumerable(SeriesData.Sine(60, 1)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(ml);
        var folder = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}");

        var checkPoint = () => engine.CheckPoint(ml, Path.Combine(folder, "forecaster.zip"));

        // Before, the error named '<path>.tmp-<guid>', a file the caller never asked for.
        checkPoint.Should().Throw<DirectoryNotFoundException>()
            .WithMessage($"Cannot save the checkpoint to '{Path.Combine(folder, "forecaster.zip")}': the folder '{folder}' does not exist. Create it first.");
        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public void Predict_HorizonAndLevelOverride_Respected()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(strategy: ForecastStrategy.Recursive, epochs: 1)).Fit(ml.Data.LoadFromEnumerable(SeriesData.Sine(120, 1)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(ml);

        var longer = engine.Predict(horizon: 9, confidenceLevel: 0.5f);
        var wide = engine.Predict(horizon: 5, confidenceLevel: 0.99f);

        longer.Forecast.Should().HaveCount(9);
        (longer.Upper[0] - longer.Lower[0]).Should().BeLessThan(wide.Upper[0] - wide.Lower[0]);
    }

    [Fact]
    public void Predict_DirectBeyondTrainedHorizon_Throws()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(epochs: 1)).Fit(ml.Data.LoadFromEnumerable(SeriesData.Sine(120, 1)));
        var predict = () => model.CreateForecastEngine<Observation, ForecastResult>(ml).Predict(horizon: 6, confidenceLevel: null);
        predict.Should().Throw<ArgumentOutOfRangeException>().WithMessage("A direct forecaster trained for Horizon 5 cannot forecast 6 steps*");
    }

    [Fact]
    public void PredictSeries_UnknownId_SaysWhichAreKnown()
    {
        var ml = new MLContext(seed: 1);
        var options = SeriesData.Options(epochs: 1);
        options.SeriesIdColumnName = nameof(Observation.Series);
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(SeriesData.Sine(60, 1, id: "T1")));
        var predict = () => model.CreateForecastEngine<Observation, ForecastResult>(ml).PredictSeries("T2");
        predict.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Series 'T2' is unknown to this model; it knows 1 series ('T1')*");
    }
}
