using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class ForecastLossTests
{
    [Fact]
    public void Loss_Default_SquaredError()
        => new RecurrentForecastingOptions().Loss.Should().Be(ForecastLoss.SquaredError);

    [Fact]
    public void Loss_Undefined_RejectedListingTheDefinedOnes()
    {
        var options = SeriesData.Options();
        options.Loss = (ForecastLoss)7;
        var create = () => new MLContext().Forecasting.ForecastByRecurrent(options);
        create.Should().Throw<ArgumentException>().WithMessage("RecurrentForecastingOptions has 1 invalid setting:*- Loss must be one of SquaredError, AbsoluteError, got 7.*");
    }

    [Fact]
    public void Fit_OneSidedSpikes_AbsoluteErrorForecastsTheMedianSquaredErrorIsPulledUp()
    {
        // Values near 10 with a spike of +20 at a random tenth of the steps: the median is 10 and the mean 12, and a
        // window says nothing about when the next spike comes. Absolute error forecasts the level the series keeps
        // returning to; squared error is pulled up towards the spikes (above even the mean: a spike after a quiet window
        // is many of that window's standard deviations away, and those errors dominate the squares).
        var train = Spikes(600, 1);
        var fresh = Spikes(400, 101);

        float absolute = MeanForecast(ForecastLoss.AbsoluteError, train, fresh);
        float squared = MeanForecast(ForecastLoss.SquaredError, train, fresh);

        absolute.Should().BeInRange(9.5f, 10.5f);
        squared.Should().BeGreaterThan(12f);
    }

    [Fact]
    public void SaveLoad_AbsoluteError_ForecastsIdenticallyAndKeepsItsHistory()
    {
        var ml = new MLContext(seed: 2);
        var options = SeriesData.Options(epochs: 3);
        options.Loss = ForecastLoss.AbsoluteError;
        var data = ml.Data.LoadFromEnumerable(SeriesData.Sine(150, 2));
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"absolute-error-{Guid.NewGuid():N}.zip");

        ml.Model.Save(model, data.Schema, path);
        var loaded = (RecurrentForecastingTransformer)new MLContext(seed: 9).Model.Load(path, out _);
        File.Delete(path);

        model.TrainingHistory.MetricName.Should().Be("MAE (standardised)");
        model.TrainingHistory.Epochs.Should().OnlyContain(e => e.ValidationMetric == e.ValidationLoss, "the MAE is the absolute-error loss itself");
        loaded.TrainingHistory.MetricName.Should().Be("MAE (standardised)");
        loaded.TrainingHistory.BestEpoch.Should().Be(model.TrainingHistory.BestEpoch);
        var expected = model.CreateForecastEngine<Observation, ForecastResult>(ml).Predict();
        var actual = loaded.CreateForecastEngine<Observation, ForecastResult>(ml).Predict();
        actual.Forecast.Should().Equal(expected.Forecast);
        actual.Lower.Should().Equal(expected.Lower);
        actual.Upper.Should().Equal(expected.Upper);
    }

    [Fact]
    public void Bounds_AbsoluteErrorOnGaussianNoise_CoverageCloseToLevel()
    {
        var ml = new MLContext(seed: 3);
        var series = SeriesData.Noise(2400, 3, level: 5);
        var options = SeriesData.Options(window: 10, horizon: 3, epochs: 3);
        options.Loss = ForecastLoss.AbsoluteError;
        options.ConfidenceLevel = 0.9f;
        options.CalibrationFraction = 0.2f;
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(series.Take(1600)));

        var backtest = model.Backtest(ml.Data.LoadFromEnumerable(series), testLength: 800, seasonalPeriod: 1);

        backtest.Overall.Coverage.Should().BeInRange(0.85, 0.95);
    }

    /// <summary>The mean of every forecast step of a model trained with <paramref name="loss"/> on <paramref name="train"/>,
    /// over the windows of <paramref name="fresh"/> (data the model has not seen).</summary>
    private static float MeanForecast(ForecastLoss loss, List<Observation> train, List<Observation> fresh)
    {
        var ml = new MLContext(seed: 1);
        var options = SeriesData.Options(window: 20, horizon: 3, epochs: 5);
        options.Loss = loss;
        var model = ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(train));
        return model.Transform(ml.Data.LoadFromEnumerable(fresh)).GetColumn<float[]>("Forecast").Skip(19).SelectMany(f => f).Average();
    }

    /// <summary>Values near 10 (standard deviation 0.2) plus 20 at a random tenth of the steps.</summary>
    private static List<Observation> Spikes(int length, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length)
            .Select(_ => new Observation { Value = 10 + 0.2f * (float)SeriesData.Gaussian(rng) + (rng.NextDouble() < 0.1 ? 20 : 0) })
            .ToList();
    }
}
