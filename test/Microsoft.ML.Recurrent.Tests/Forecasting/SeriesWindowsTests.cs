using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Forecasting;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class SeriesWindowsTests
{
    [Fact]
    public void Spans_WindowOfSecondSeries_ReadItsValuesCovariatesFutureAndTargets()
    {
        // Covariates per step: one past-observed (10·t), one known-future (100·t); window 3, horizon 2.
        var layout = new SeriesLayout("Value", new[] { "Past" }, new[] { "Future" }, "Id", WindowSize: 3, Horizon: 2, ForecastStrategy.Direct);
        var series = new List<TimeSeries> { Series("a", 4), Series("b", 8) };
        var windows = new SeriesWindows(series, layout, new[] { new ForecastWindows.Ref(1, 4) });

        windows.Count.Should().Be(1);
        windows.Values(0).ToArray().Should().Equal(1002f, 1003f, 1004f);
        windows.Covariates(0).ToArray().Should().Equal(20f, 200f, 30f, 300f, 40f, 400f);
        windows.FutureSteps(0).Should().Be(2);
        windows.FutureStep(0, 0).ToArray().Should().Equal(500f);
        windows.FutureStep(0, 1).ToArray().Should().Equal(600f);
        windows.Targets(0, 2).ToArray().Should().Equal(1005f, 1006f);
    }

    [Fact]
    public void FutureSteps_NearTheSeriesEnd_CountsOnlyTheKnownSteps()
    {
        var layout = new SeriesLayout("Value", new[] { "Past" }, new[] { "Future" }, null, WindowSize: 3, Horizon: 4, ForecastStrategy.Recursive);
        var series = new List<TimeSeries> { Series("", 8) };

        var windows = new SeriesWindows(series, layout, new[] { new ForecastWindows.Ref(0, 5), new ForecastWindows.Ref(0, 7) });

        windows.FutureSteps(0).Should().Be(2);
        windows.FutureSteps(1).Should().Be(0);
    }

    [Fact]
    public void FutureSteps_NoFutureCovariates_IsZero()
    {
        var layout = new SeriesLayout("Value", new[] { "Past", "AlsoPast" }, [], null, WindowSize: 3, Horizon: 2, ForecastStrategy.Direct);

        var windows = new SeriesWindows(new List<TimeSeries> { Series("", 8) }, layout, new[] { new ForecastWindows.Ref(0, 2) });

        windows.FutureSteps(0).Should().Be(0);
        windows.Covariates(0).ToArray().Should().Equal(new[] { 0f, 0f, 10f, 100f, 20f, 200f }, "both covariate columns are read, C per step");
    }

    /// <summary>Values 1000·k + t (k: series number from its id), covariates 10·t and 100·t.</summary>
    internal static TimeSeries Series(string id, int length)
    {
        var s = new TimeSeries(id);
        float level = id == "b" ? 1000 : 0;
        foreach (int t in Enumerable.Range(0, length))
        {
            s.Values.Add(level + t);
            s.Covariates.Add(10 * t);
            s.Covariates.Add(100 * t);
        }

        return s;
    }
}
