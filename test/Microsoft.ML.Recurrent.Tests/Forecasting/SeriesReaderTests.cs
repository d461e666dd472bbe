using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Forecasting;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class SeriesReaderTests
{
    [Fact]
    public void Read_InterleavedSeriesIds_GroupsRowsBySeriesInOrderOfFirstAppearance()
    {
        var ml = new MLContext(seed: 1);
        var rows = new[] { ("B", 1f), ("B", 2f), ("A", 10f), ("B", 3f), ("A", 20f), ("A", 30f) }
            .Select(r => new Observation { Series = r.Item1, Value = r.Item2 });
        var layout = new SeriesLayout("Value", [], [], "Series", WindowSize: 2, Horizon: 1, ForecastStrategy.Direct);

        var series = SeriesReader.Read(ml.Data.LoadFromEnumerable(rows), layout);

        series.Select(s => s.Id).Should().Equal("B", "A");
        series[0].Values.Should().Equal(1f, 2f, 3f);
        series[1].Values.Should().Equal(10f, 20f, 30f);
    }

    [Fact]
    public void Read_OneSeries_ReadsEveryRowInOrder()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 1000).Select(t => new Observation { Value = t });
        var layout = new SeriesLayout("Value", [], [], null, WindowSize: 2, Horizon: 1, ForecastStrategy.Direct);

        var series = SeriesReader.Read(ml.Data.LoadFromEnumerable(rows.ToArray()), layout);

        series.Should().ContainSingle().Which.Values.Should().Equal(Enumerable.Range(0, 1000).Select(t => (float)t));
    }
}
