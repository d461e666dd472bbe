using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class RecurrentForecastingEstimatorTests
{
    [Theory]
    [InlineData(ForecastStrategy.Direct)]
    [InlineData(ForecastStrategy.Recursive)]
    public void Transform_EachStrategy_ForecastsHorizonPerRowAfterFirstWindow(ForecastStrategy strategy)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SeriesData.Sine(200, 1));
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(strategy: strategy, epochs: 2)).Fit(data);

        var scored = model.Transform(data);
        var forecasts = scored.GetColumn<float[]>("Forecast").ToArray();
        var lower = scored.GetColumn<float[]>("Lower").ToArray();
        var upper = scored.GetColumn<float[]>("Upper").ToArray();

        scored.Schema["Forecast"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 5));
        forecasts.Should().HaveCount(200).And.OnlyContain(f => f.Length == 5);
        forecasts.Take(19).Should().OnlyContain(f => f.All(float.IsNaN), "the first 19 rows have no full window");
        forecasts.Skip(19).Should().OnlyContain(f => f.All(float.IsFinite));
        for (int r = 19; r < 200; r++)
        {
            for (int k = 0; k < 5; k++)
                (lower[r][k] <= forecasts[r][k] && forecasts[r][k] <= upper[r][k]).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData(ForecastStrategy.Direct)]
    [InlineData(ForecastStrategy.Recursive)]
    public void Fit_NoisySine_ErrorFarBelowNaive(ForecastStrategy strategy)
    {
        var ml = new MLContext(seed: 2);
        var series = SeriesData.Sine(700, 2, noise: 0.1);
        var model = ml.Forecasting.ForecastByRecurrent(SeriesData.Options(horizon: 5, strategy: strategy, epochs: 15)).Fit(ml.Data.LoadFromEnumerable(series.Take(600)));

        var backtest = model.Backtest(ml.Data.LoadFromEnumerable(series), testLength: 100, seasonalPeriod: 1);

        // MASE < 1 beats the naive (last value) forecast; far below means a real model of the sine.
        backtest.Overall.MeanAbsoluteScaledError.Should().BeLessThan(0.5);
        backtest.MeanAbsoluteErrorByStep.Should().HaveCount(5);
        backtest.Origins.Should().Be(96);
    }

    [Fact]
    public void Bounds_GaussianNoise_CoverageCloseToLevel()
    {
        var ml = new MLContext(seed: 3);
        var series = SeriesData.Noise(2400, 3, level: 5);
        var options = SeriesData.Options(window: 10, horizon: 3, epochs: 3);
        options.ConfidenceLevel = 0.9f;
        options.CalibrationFraction = 0.2f;
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(series.Take(1600)));

        var backtest = model.Backtest(ml.Data.LoadFromEnumerable(series), testLength: 800, seasonalPeriod: 1);

        backtest.Overall.Coverage.Should().BeInRange(0.85, 0.95);
    }

    [Fact]
    public void SeasonalPeriod_ExactlyPeriodicSeries_ForecastsTheLastSeason()
    {
        // A pattern that repeats every 7 steps exactly: seasonal naive is perfect, and the learned correction stays small.
        var ml = new MLContext(seed: 7);
        float[] pattern = { 3, 1, 4, 1, 5, 9, 2 };
        var rows = Enumerable.Range(0, 300).Select(t => new Observation { Value = pattern[t % 7] * 10 + 100 }).ToList();
        var options = SeriesData.Options(window: 14, horizon: 10, epochs: 3);
        options.SeasonalPeriod = 7;
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(rows));

        var forecast = model.CreateForecastEngine<Observation, ForecastResult>(ml).Predict().Forecast;

        var expected = Enumerable.Range(300, 10).Select(t => pattern[t % 7] * 10f + 100).ToArray();
        forecast.Should().Equal(expected, (f, e) => Math.Abs(f - e) < 3);
    }

    [Fact]
    public void SeasonalPeriod_LongerThanWindow_Rejected()
    {
        var options = SeriesData.Options(window: 10);
        options.SeasonalPeriod = 12;
        var create = () => new MLContext().Forecasting.ForecastByRecurrent(options);
        create.Should().Throw<ArgumentException>().WithMessage("*SeasonalPeriod (12) must not exceed WindowSize (10)*Raise WindowSize to at least 12.*");
    }

    [Fact]
    public void SeasonalBaseline_LastSeasonalChange_TrendPlusSeasonForecastAlmostExactly()
    {
        // A weekly pattern on a linear trend: the value one season earlier plus the latest change over a season is exact
        // (k + 1 seasonal changes for steps k·7 … k·7 + 6 ahead), and the learned correction stays small.
        var ml = new MLContext(seed: 7);
        float[] pattern = { 3, 1, 4, 1, 5, 9, 2 };
        var rows = Enumerable.Range(0, 300).Select(t => new Observation { Value = pattern[t % 7] * 10 + 0.5f * t }).ToList();
        var options = SeriesData.Options(window: 14, horizon: 10, epochs: 3);
        options.SeasonalPeriod = 7;
        options.SeasonalBaseline = SeasonalBaseline.LastSeasonalChange;
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(rows));

        var forecast = model.CreateForecastEngine<Observation, ForecastResult>(ml).Predict().Forecast;

        var expected = Enumerable.Range(300, 10).Select(t => pattern[t % 7] * 10f + 0.5f * t).ToArray();
        forecast.Should().Equal(expected, (f, e) => Math.Abs(f - e) < 3);
    }

    [Fact]
    public void SeasonalBaseline_LastSeasonalChangeWithWindowOfOneSeason_Rejected()
    {
        var options = SeriesData.Options(window: 12);
        options.SeasonalPeriod = 12;
        options.SeasonalBaseline = SeasonalBaseline.LastSeasonalChange;
        var create = () => new MLContext().Forecasting.ForecastByRecurrent(options);
        create.Should().Throw<ArgumentException>().WithMessage("*SeasonalBaseline LastSeasonalChange needs WindowSize (12) above SeasonalPeriod (12): the window must reach one season before its last step. Raise WindowSize to at least 13.*");
    }

    [Fact]
    public void Fit_ManySeries_NeverMixesThem()
    {
        var ml = new MLContext(seed: 4);
        var rows = SeriesData.Noise(120, 4, level: 100, id: "A").Concat(SeriesData.Noise(120, 5, level: -100, id: "B")).ToList();
        var options = SeriesData.Options(window: 10, horizon: 3, epochs: 5);
        options.SeriesIdColumnName = nameof(Observation.Series);
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(rows));

        var forecasts = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Forecast").ToArray();

        model.SeriesIds.Should().Equal("A", "B");
        forecasts.Skip(120).Take(9).Should().OnlyContain(f => f.All(float.IsNaN), "a window never reaches back into series A");
        forecasts.Take(120).Skip(9).Should().OnlyContain(f => f.All(v => Math.Abs(v - 100) < 5));
        forecasts.Skip(129).Should().OnlyContain(f => f.All(v => Math.Abs(v + 100) < 5));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(ml);
        engine.PredictSeries("A").Forecast.Should().OnlyContain(v => Math.Abs(v - 100) < 5);
        engine.PredictSeries("B").Forecast.Should().OnlyContain(v => Math.Abs(v + 100) < 5);
    }

    [Fact]
    public void Fit_KnownFutureCovariate_ForecastsWhatOnlyItAnnounces()
    {
        // The value is 1 exactly when the calendar flag (Load) is 1, which happens at random times: only the known
        // future covariate can tell when.
        var ml = new MLContext(seed: 6);
        var rng = new Random(6);
        var rows = Enumerable.Range(0, 600).Select(_ => rng.NextDouble() < 0.3 ? 1f : 0f)
            .Select(flag => new Observation { Load = flag, Value = flag + 0.01f * (float)SeriesData.Gaussian(rng) }).ToList();
        var options = SeriesData.Options(window: 8, horizon: 3, epochs: 20);
        options.FutureCovariateColumnNames = new[] { nameof(Observation.Load) };
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(rows.Take(500)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(ml);

        var future = new[] { new Observation { Load = 1 }, new Observation { Load = 0 }, new Observation { Load = 1 } };
        var forecast = engine.PredictWithFuture(future).Forecast;

        (forecast[0] - forecast[1]).Should().BeGreaterThan(0.3f, "a flagged step is forecast higher than an unflagged one");
        (forecast[2] - forecast[1]).Should().BeGreaterThan(0.3f);
        var withoutFuture = () => engine.Predict();
        withoutFuture.Should().Throw<InvalidOperationException>().WithMessage("Forecasting with the known-future covariates [Load] needs their values for the next 3 steps*");
    }

    [Fact]
    public void Fit_WithCovariates_UsesThem()
    {
        var ml = new MLContext(seed: 5);
        var options = SeriesData.Options(epochs: 3);
        options.CovariateColumnNames = new[] { nameof(Observation.Load) };
        var data = ml.Data.LoadFromEnumerable(SeriesData.Sine(200, 5));
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(data);

        model.Transform(data).GetColumn<float[]>("Forecast").Skip(19).Should().OnlyContain(f => f.All(float.IsFinite));
        var withoutCovariate = ml.Data.LoadFromEnumerable(SeriesData.Sine(50, 5).Select(o => new { o.Value }));
        var transform = () => model.Transform(withoutCovariate);
        transform.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The covariate column 'Load' was not found in the data to forecast from*");
    }
}
