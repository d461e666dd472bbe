using System;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class ForecastingBadInputTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Fit_TooFewRows_SaysHowManyAreNeeded()
    {
        var fit = () => _ml.Forecasting.ForecastByRecurrent(SeriesData.Options(window: 20, horizon: 5)).Fit(_ml.Data.LoadFromEnumerable(SeriesData.Sine(24, 1)));
        fit.Should().Throw<ArgumentException>().WithMessage("No series is long enough to train on: each needs at least WindowSize + Horizon = 20 + 5 = 25 rows, but the series has '' (24 rows)*");
    }

    [Fact]
    public void Fit_NaNInSeries_NamesRowAndRemedy()
    {
        var rows = SeriesData.Sine(60, 1);
        rows[33].Value = float.NaN;
        var fit = () => _ml.Forecasting.ForecastByRecurrent(SeriesData.Options()).Fit(_ml.Data.LoadFromEnumerable(rows));
        fit.Should().Throw<InvalidOperationException>().WithMessage("Row 33 of column 'Value' is NaN; the series must have a finite value at every step. Fill gaps first*");
    }

    [Fact]
    public void Options_NonPositiveWindowAndHorizon_ListedTogether()
    {
        var options = SeriesData.Options(window: 0, horizon: -1);
        options.ConfidenceLevel = 1;
        var create = () => _ml.Forecasting.ForecastByRecurrent(options);
        create.Should().Throw<ArgumentException>().WithMessage("*WindowSize must be a positive integer, got 0.*Horizon must be a positive integer, got -1.*ConfidenceLevel must be in (0, 1), got 1.*");
    }

    [Fact]
    public void Fit_InputColumnMissing_NamesColumns()
    {
        var options = SeriesData.Options();
        options.InputColumnName = "Sales";
        var fit = () => _ml.Forecasting.ForecastByRecurrent(options).Fit(_ml.Data.LoadFromEnumerable(SeriesData.Sine(60, 1)));
        fit.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The input column 'Sales' was not found; the data has the columns [Value, Load, Series]*");
    }

    [Fact]
    public void Fit_InputColumnWrongType_SuggestsConvertType()
    {
        var data = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new { Value = (double)i }));
        var fit = () => _ml.Forecasting.ForecastByRecurrent(SeriesData.Options()).Fit(data);
        fit.Should().Throw<ArgumentException>().WithMessage("The input column 'Value' has type Double; expected Single*ConvertType*");
    }
}
