using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Recurrent.Forecasting;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class ForecastCalibrationTests
{
    public ForecastCalibrationTests() => TorchNativeLoader.EnsureLoaded();

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Score_DirectModel_ResidualsEqualThoseOfAFullForecast(int seasonalPeriod)
    {
        using var model = Model(ForecastStrategy.Direct, seasonalPeriod);
        var windows = Windows(model, 40);

        var (loss, sumSquares) = ForecastCalibration.Score(model, windows, ForecastLoss.SquaredError);
        var expected = ForecastCalibration.Residuals(model, windows);

        sumSquares.Should().NotBeNull();
        for (int k = 0; k < expected.Length; k++)
            sumSquares![k].Should().BeApproximately(expected[k], 1e-9 * expected[k]);
        // Residuals are the network's errors in its own units, so their mean square is the loss.
        loss.Should().BeApproximately(expected.Sum() / (40 * model.Layout.Horizon), 1e-5 * loss);
    }

    [Fact]
    public void Score_AbsoluteError_LossIsTheMeanAbsoluteScaledErrorSpreadStillRootMeanSquare()
    {
        using var model = Model(ForecastStrategy.Direct, 0);
        var windows = Windows(model, 40);
        int h = model.Layout.Horizon;
        var forecast = model.Forecast(windows, h);
        double expected = 0;
        for (int i = 0; i < 40; i++)
        {
            var (_, scale) = WindowScaling.Of(windows.Values(i));
            var actual = windows.Targets(i, h);
            for (int k = 0; k < h; k++)
                expected += Math.Abs(actual[k] - forecast[i * h + k]) / scale / (40 * h);
        }

        var (loss, sumSquares) = ForecastCalibration.Score(model, windows, ForecastLoss.AbsoluteError);

        loss.Should().BeApproximately(expected, 1e-5 * expected);
        sumSquares.Should().Equal(ForecastCalibration.Score(model, windows, ForecastLoss.SquaredError).SumSquares, "the bounds' spread does not depend on the loss");
    }

    [Fact]
    public void Score_RecursiveModel_LossOnlyOneStepAhead()
    {
        using var model = Model(ForecastStrategy.Recursive, 0);
        var windows = Windows(model, 10);

        var (loss, sumSquares) = ForecastCalibration.Score(model, windows, ForecastLoss.SquaredError);

        sumSquares.Should().BeNull("a recursive model's spread needs its H-step forecasts");
        var forecast = model.Forecast(windows, 1);
        double expected = 0;
        for (int i = 0; i < 10; i++)
        {
            var (_, scale) = WindowScaling.Of(windows.Values(i));
            double e = (windows.Targets(i, 1)[0] - forecast[i]) / scale;
            expected += e * e / 10;
        }

        loss.Should().BeApproximately(expected, 1e-5 * expected);
    }

    [Fact]
    public void Forecast_MoreWindowsThanOnePass_EachEqualsItsForecastAlone()
    {
        using var model = Model(ForecastStrategy.Direct, 0);
        var windows = Windows(model, model.ScoringBatchSize + 5);
        int h = model.Layout.Horizon;

        var together = model.Forecast(windows, h);

        foreach (int i in new[] { 0, 7, model.ScoringBatchSize - 1, model.ScoringBatchSize, model.ScoringBatchSize + 4 })
        {
            var alone = model.Forecast(new ForecastWindowList(new[] { Window(windows, i, model.Layout) }, model.Layout), h);
            together.AsSpan(i * h, h).ToArray().Should().BeEquivalentTo(alone, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        }
    }

    [Theory]
    [InlineData(RecurrentCellType.Lstm, 64, 48, 244)]
    [InlineData(RecurrentCellType.Lstm, 64, 168, 69)]
    [InlineData(RecurrentCellType.Gru, 16, 12, 256)]
    [InlineData(RecurrentCellType.Lstm, 256, 1000, 8)]
    public void ScoringBatch_LongerWindowsOrWiderNetworks_FewerWindowsPerPass(RecurrentCellType cell, int hidden, int window, int expected)
        => ForecastModel.ScoringBatch(new NetworkShape(1, cell, hidden, 1, false, 0, 1, 0), window).Should().Be(expected);

    /// <summary>A seeded untrained network over <see cref="ForecastInputsTests.Data"/>'s layout (covariates, known future).</summary>
    private static ForecastModel Model(ForecastStrategy strategy, int seasonalPeriod)
    {
        var (layout, _, _, scaler) = ForecastInputsTests.Data();
        layout = layout with { Strategy = strategy, SeasonalPeriod = seasonalPeriod };
        bool direct = strategy == ForecastStrategy.Direct;
        var shape = new NetworkShape(layout.StepSize, RecurrentCellType.Lstm, 8, 1, false, 0, direct ? layout.Horizon : 1, direct ? layout.Horizon : 0);
        return new ForecastModel(TorchRandom.Seeded(3, () => new RecurrentNetwork(shape)), layout, scaler, new float[layout.Horizon], CPU, 4);
    }

    /// <summary><paramref name="count"/> windows of the two series that have a full horizon after them, cycling.</summary>
    private static SeriesWindows Windows(ForecastModel model, int count)
    {
        var (_, series, _, _) = ForecastInputsTests.Data();
        var all = series.SelectMany((s, i) => Enumerable.Range(model.Layout.WindowSize - 1, s.Length - model.Layout.WindowSize - model.Layout.Horizon + 1)
            .Select(end => new ForecastWindows.Ref(i, end))).ToArray();
        return new SeriesWindows(series, model.Layout, Enumerable.Range(0, count).Select(i => all[i * 7 % all.Length]).ToArray());
    }

    private static ForecastWindow Window(SeriesWindows windows, int index, SeriesLayout layout)
    {
        var future = Enumerable.Range(0, windows.FutureSteps(index)).SelectMany(k => windows.FutureStep(index, k).ToArray()).ToArray();
        return new ForecastWindow(windows.Values(index).ToArray(), windows.Covariates(index).ToArray(), future);
    }
}
