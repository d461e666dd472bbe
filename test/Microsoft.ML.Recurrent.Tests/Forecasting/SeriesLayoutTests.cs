using System.IO;
using FluentAssertions;
using Microsoft.ML.Recurrent.Forecasting;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class SeriesLayoutTests
{
    // Window of 6 with season 3: the last season is (5, 7, 9), the one before (1, 2, 3); the latest change is 9 − 3 = 6.
    private static readonly float[] Window = { 1, 2, 3, 5, 7, 9 };

    [Theory]
    [InlineData(0, 5f)]
    [InlineData(2, 9f)]
    [InlineData(3, 5f)]
    [InlineData(7, 7f)]
    public void SeasonalBase_SeasonalNaive_RepeatsTheLastSeason(int step, float expected)
        => Layout(SeasonalBaseline.SeasonalNaive).SeasonalBase(Window, step).Should().Be(expected);

    [Theory]
    [InlineData(0, 11f)]
    [InlineData(2, 15f)]
    [InlineData(3, 17f)]
    [InlineData(7, 25f)]
    public void SeasonalBase_LastSeasonalChange_AddsTheChangeOncePerSeasonAhead(int step, float expected)
        => Layout(SeasonalBaseline.LastSeasonalChange).SeasonalBase(Window, step).Should().Be(expected);

    [Fact]
    public void Write_ThenRead_KeepsTheBaseline()
    {
        var layout = Layout(SeasonalBaseline.LastSeasonalChange);
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            layout.Write(writer);
        stream.Position = 0;

        var read = SeriesLayout.Read(new BinaryReader(stream));

        read.Baseline.Should().Be(SeasonalBaseline.LastSeasonalChange);
        read.SeasonalPeriod.Should().Be(3);
        read.WindowSize.Should().Be(6);
    }

    private static SeriesLayout Layout(SeasonalBaseline baseline)
        => new("Value", [], [], null, WindowSize: 6, Horizon: 8, ForecastStrategy.Direct, SeasonalPeriod: 3, Baseline: baseline);
}
