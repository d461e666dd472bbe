using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

/// <summary>The forecast engine takes an observation in only when the whole call succeeds, and reads future rows as
/// documented (small models: window 10, horizon 3, hidden size 8, one epoch).</summary>
public class ForecastEngineStateTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static RecurrentForecastingOptions Small(ForecastStrategy strategy = ForecastStrategy.Direct)
    {
        var options = SeriesData.Options(window: 10, horizon: 3, strategy: strategy, epochs: 1);
        options.HiddenSize = 8;
        return options;
    }

    private RecurrentForecastingTransformer Forecaster() => _ml.Forecasting.ForecastByRecurrent(Small()).Fit(_ml.Data.LoadFromEnumerable(SeriesData.Sine(80, 1)));

    /// <summary>A direct model whose Load is a known-future covariate, trained on the first 80 rows of <paramref name="rows"/>.</summary>
    private RecurrentForecastingTransformer FutureForecaster(List<Observation> rows)
    {
        var options = Small();
        options.FutureCovariateColumnNames = new[] { nameof(Observation.Load) };
        return _ml.Forecasting.ForecastByRecurrent(options).Fit(_ml.Data.LoadFromEnumerable(rows.Take(80)));
    }

    private static List<Observation> Future(params float[] loads) => loads.Select(l => new Observation { Value = float.NaN, Load = l }).ToList();

    [Fact]
    public void PredictExample_HorizonBeyondDirectModel_ThrowsAndKeepsState()
    {
        using var model = Forecaster();
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var fresh = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var predict = () => engine.Predict(new Observation { Value = 5 }, horizon: 99);

        predict.Should().Throw<ArgumentOutOfRangeException>().WithMessage("A direct forecaster trained for Horizon 3 cannot forecast 99 steps*");
        engine.Predict().Forecast.Should().Equal(fresh.Predict().Forecast, "a call that threw takes nothing in");
        engine.Predict(new Observation { Value = 5 }).Forecast.Should().Equal(fresh.Predict(new Observation { Value = 5 }).Forecast);
    }

    [Fact]
    public void PredictExample_ConfidenceLevelOutOfRange_ThrowsAndKeepsState()
    {
        using var model = Forecaster();
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var fresh = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var predict = () => engine.Predict(new Observation { Value = 5 }, confidenceLevel: 1.5f);

        predict.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The confidence level must be in (0, 1), got 1.5.*");
        engine.Predict().Forecast.Should().Equal(fresh.Predict().Forecast, "a call that threw takes nothing in");
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("sv-SE")]
    public void Predict_OutOfRangeArgumentsUnderAnotherCulture_MessagesUseInvariantNumbers(string culture)
    {
        using var model = Forecaster();
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);   // decimal comma; sv-SE's negative sign is U+2212
        try
        {
            var level = () => engine.Predict(horizon: null, confidenceLevel: 1.5f);
            var horizon = () => engine.Predict(horizon: -3, confidenceLevel: null);

            level.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be("The confidence level must be in (0, 1), got 1.5. (Parameter 'confidenceLevel')");
            horizon.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be("The horizon must be a positive number of steps, got -3. (Parameter 'horizon')");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void PredictExample_ValueBeyondMaxMagnitude_ThrowsAndKeepsState()
    {
        using var model = Forecaster();
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var fresh = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var predict = () => engine.Predict(new Observation { Value = 3e38f });

        predict.Should().Throw<InvalidOperationException>()
            .WithMessage("Column 'Value' of the observation is 3E+38; forecasting takes values up to ±1E+30 (beyond that, forecasts and their bounds can overflow Single to infinity). Express the series in larger units*");
        engine.Predict().Forecast.Should().Equal(fresh.Predict().Forecast);
    }

    [Fact]
    public void PredictExample_LargestAcceptedValue_ForecastAndBoundsFinite()
    {
        using var model = Forecaster();
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var result = engine.Predict(new Observation { Value = -1e30f }, horizon: null, confidenceLevel: 0.9999f);

        result.Forecast.Concat(result.Lower).Concat(result.Upper).Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Fit_ValueBeyondMaxMagnitude_NamesRowAndRemedy()
    {
        var rows = SeriesData.Sine(80, 1);
        rows[40].Value = 2e30f;
        var fit = () => _ml.Forecasting.ForecastByRecurrent(Small()).Fit(_ml.Data.LoadFromEnumerable(rows));
        fit.Should().Throw<InvalidOperationException>().WithMessage("Row 40 of column 'Value' is 2E+30; forecasting takes values up to ±1E+30*larger units*");
    }

    [Fact]
    public void PredictExample_DirectModelWithFutureCovariates_ThrowsBeforeTakingItIn()
    {
        var rows = SeriesData.Sine(90, 1);
        using var model = FutureForecaster(rows);
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var fresh = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var future = Future(0.5f, 0.2f, -0.1f);

        var predict = () => engine.Predict(new Observation { Value = 9, Load = 0.1f });

        predict.Should().Throw<InvalidOperationException>()
            .WithMessage("This model forecasts with the known-future covariates [Load] and needs their values for the next 3 steps*the observation was not taken in. Call PredictWithFuture(example, future)*");
        engine.PredictWithFuture(future).Forecast.Should().Equal(fresh.PredictWithFuture(future).Forecast, "a call that threw takes nothing in");
    }

    [Fact]
    public void PredictWithFutureExample_NewObservations_EqualTransformOnExtendedSeries()
    {
        var rows = SeriesData.Sine(90, 1);
        using var model = FutureForecaster(rows);
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var afterOne = engine.PredictWithFuture(rows[80], Future(rows[81].Load, rows[82].Load, rows[83].Load));
        var afterTwo = engine.PredictWithFuture(rows[81], Future(rows[82].Load, rows[83].Load, rows[84].Load), horizon: 2, confidenceLevel: 0.5f);

        var byHand = model.Transform(_ml.Data.LoadFromEnumerable(rows.Take(85))).GetColumn<float[]>("Forecast").ToArray();
        afterOne.Forecast.Should().Equal(byHand[80], (a, b) => Math.Abs(a - b) < 1e-5f);
        afterTwo.Forecast.Should().Equal(byHand[81].Take(2), (a, b) => Math.Abs(a - b) < 1e-5f);
        (afterTwo.Upper[0] - afterTwo.Lower[0]).Should().BeLessThan(afterOne.Upper[0] - afterOne.Lower[0], "a 50% interval is narrower than the trained 95%");
    }

    [Fact]
    public void PredictWithFutureExample_TooFewFutureRows_ThrowsAndKeepsState()
    {
        var rows = SeriesData.Sine(90, 1);
        using var model = FutureForecaster(rows);
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var fresh = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var future = Future(0.5f, 0.2f, -0.1f);

        var predict = () => engine.PredictWithFuture(rows[80], Future(0.5f));

        predict.Should().Throw<InvalidOperationException>().WithMessage("Forecasting with the known-future covariates [Load] needs their values for the next 3 steps; got 1*");
        engine.PredictWithFuture(future).Forecast.Should().Equal(fresh.PredictWithFuture(future).Forecast, "a call that threw takes nothing in");
    }

    [Fact]
    public void PredictWithFuture_NaNValuesInFutureRows_Ignored()
    {
        var rows = SeriesData.Sine(90, 1);
        using var model = FutureForecaster(rows);
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var withZeros = Future(0.5f, 0.2f, -0.1f).Select(o => new Observation { Value = 0, Load = o.Load }).ToList();

        var forecast = engine.PredictWithFuture(Future(0.5f, 0.2f, -0.1f)).Forecast;

        forecast.Should().OnlyContain(v => float.IsFinite(v)).And.Equal(engine.PredictWithFuture(withZeros).Forecast);
    }

    [Fact]
    public void PredictWithFuture_NaNCovariateInFutureRow_NamesRowAndColumn()
    {
        var rows = SeriesData.Sine(90, 1);
        using var model = FutureForecaster(rows);
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var predict = () => engine.PredictWithFuture(Future(0.5f, float.NaN, -0.1f));

        predict.Should().Throw<ArgumentException>()
            .WithMessage("Future row 1 of the known-future covariate column 'Load' is NaN; expected a finite value*Set 'Load' in every future row*");
    }

    [Fact]
    public void PredictWithFuture_ManySeriesWithoutId_SaysHowManyAndWhichArgument()
    {
        var rows = SeriesData.Sine(50, 1, id: "a").Concat(SeriesData.Sine(50, 2, id: "b")).ToList();
        var options = Small();
        options.SeriesIdColumnName = nameof(Observation.Series);
        using var model = _ml.Forecasting.ForecastByRecurrent(options).Fit(_ml.Data.LoadFromEnumerable(rows));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var predict = () => engine.PredictWithFuture(Future(1, 1, 1));

        predict.Should().Throw<InvalidOperationException>()
            .WithMessage("This model knows 2 series ('a', 'b'); name the one to forecast with PredictWithFuture(future, seriesId)*");
        engine.PredictWithFuture(Future(1, 1, 1), seriesId: "b").Forecast.Should().Equal(engine.PredictSeries("b").Forecast);
    }

    [Fact]
    public void Predict_SeriesShorterThanTheWindow_TakesObservationsInUntilItCanForecast()
    {
        var options = Small();
        options.SeriesIdColumnName = nameof(Observation.Series);
        int window = options.WindowSize;
        var rows = SeriesData.Sine(60, 1, id: "long").Concat(SeriesData.Sine(window - 3, 2, id: "short")).ToList();
        using var model = _ml.Forecasting.ForecastByRecurrent(options).Fit(_ml.Data.LoadFromEnumerable(rows));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);
        var more = SeriesData.Sine(window + 3, 2, id: "short").Skip(window - 3).ToList();

        // Before, the observation was dropped with the failed forecast, so the series stayed short for ever.
        var first = () => engine.Predict(more[0]);
        first.Should().Throw<InvalidOperationException>().WithMessage($"Series 'short' now has {window - 2} observations (this one was taken in)*Feed 2 more*");
        var second = () => engine.Predict(more[1]);
        second.Should().Throw<InvalidOperationException>().WithMessage("*Feed 1 more*");
        var forecast = engine.Predict(more[2]);

        forecast.Forecast.Should().HaveCount(options.Horizon).And.OnlyContain(v => float.IsFinite(v));
        engine.PredictSeries("short").Forecast.Should().Equal(forecast.Forecast, "the window is now full and kept");
    }

    [Fact]
    public void PredictWithFuture_RecursiveModelGivenTooFewFutureRows_SaysHowManyAreNeeded()
    {
        var options = Small(ForecastStrategy.Recursive);
        options.FutureCovariateColumnNames = new[] { nameof(Observation.Load) };
        using var model = _ml.Forecasting.ForecastByRecurrent(options).Fit(_ml.Data.LoadFromEnumerable(SeriesData.Sine(80, 1)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        // Before, missing rows silently held the last covariate values.
        var tooFew = () => engine.PredictWithFuture(Future(1, -1));
        var none = () => engine.Predict();

        tooFew.Should().Throw<InvalidOperationException>().WithMessage("This recursive model uses the known-future covariates [Load]: forecasting 3 steps needs their values for the next 3, but 2 future rows were given*");
        none.Should().Throw<InvalidOperationException>().WithMessage("*0 future rows were given*");
        engine.PredictWithFuture(Future(1, -1, 0)).Forecast.Should().HaveCount(3);
    }

    [Fact]
    public void PredictWithFuture_RecursiveModel_FirstStepUsesItsOwnKnownFutureCovariate()
    {
        var options = Small(ForecastStrategy.Recursive);
        options.FutureCovariateColumnNames = new[] { nameof(Observation.Load) };
        using var model = _ml.Forecasting.ForecastByRecurrent(options).Fit(_ml.Data.LoadFromEnumerable(SeriesData.Sine(80, 1)));
        var engine = model.CreateForecastEngine<Observation, ForecastResult>(_ml);

        var low = engine.PredictWithFuture(Future(-100, 0, 0)).Forecast;
        var high = engine.PredictWithFuture(Future(100, 0, 0)).Forecast;

        // Before, a step's forecast saw the covariates up to the step before it: step 1 ignored its own.
        low[0].Should().NotBe(high[0], "the first forecast step takes that step's known-future covariate");
    }
}
