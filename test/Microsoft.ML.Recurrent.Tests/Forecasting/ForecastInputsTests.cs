using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Forecasting;
using Microsoft.ML.Recurrent.Native;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class ForecastInputsTests
{
    public ForecastInputsTests() => TorchNativeLoader.EnsureLoaded();

    [Fact]
    public void Values_ConstantWindowsOfKnownSpread_StandardisesEachWindowByItself()
    {
        // Windows (1, 3) and (10, 30): means 2 and 20, standard deviations 1 and 10 -> both (-1, 1).
        var layout = new SeriesLayout("Value", [], [], null, WindowSize: 2, Horizon: 1, ForecastStrategy.Direct);
        var windows = new ForecastWindowList(new[] { new ForecastWindow(new[] { 1f, 3f }, null, null), new ForecastWindow(new[] { 10f, 30f }, null, null) }, layout);
        var means = new float[2];
        var scales = new float[2];

        using var input = new ForecastInputs(layout, FeatureScaler.Identity(1), CPU, layout.Horizon).Values(windows, 0, 2, means, scales);

        input.shape.Should().Equal(2, 2, 1);
        input.data<float>().ToArray().Should().Equal(-1f, 1f, -1f, 1f);
        means.Should().Equal(2f, 20f);
        scales.Should().Equal(1f, 10f);
    }

    [Fact]
    public void Values_SeriesWindowsWithCovariates_EqualCopiedWindows()
    {
        var (layout, series, refs, scaler) = Data();
        var inputs = new ForecastInputs(layout, scaler, CPU, layout.Horizon);
        var inPlace = new SeriesWindows(series, layout, refs);
        var copied = new ForecastWindowList(refs.Select(r => Copy(series[r.Series], r.End, layout)).ToArray(), layout);
        var means = new float[3];
        var scales = new float[3];
        var copiedMeans = new float[3];
        var copiedScales = new float[3];

        using var fromSeries = inputs.Values(inPlace, 1, 3, means, scales);
        using var fromCopies = inputs.Values(copied, 1, 3, copiedMeans, copiedScales);

        fromSeries.shape.Should().Equal(3, layout.WindowSize, layout.StepSize);
        fromSeries.data<float>().ToArray().Should().Equal(fromCopies.data<float>().ToArray());
        means.Should().Equal(copiedMeans);
        scales.Should().Equal(copiedScales);
        var expected = Expected(copied.Values(1).ToArray(), copied.Covariates(1).ToArray(), scaler, layout);
        fromSeries.data<float>().ToArray().Take(expected.Length).Should().Equal(expected, "the first window of the batch is window 1");
    }

    [Fact]
    public void Extra_KnownFutureCovariates_EqualsTheScaledFutureSteps()
    {
        var (layout, series, refs, scaler) = Data();
        var inputs = new ForecastInputs(layout, scaler, CPU, layout.Horizon);
        var windows = new SeriesWindows(series, layout, refs);

        using var extra = inputs.Extra(windows, 0, 2)!;

        extra.shape.Should().Equal(2, layout.Horizon);
        var expected = new List<float>();
        foreach (var r in refs.Take(2))
        {
            for (int k = 0; k < layout.Horizon; k++)
            {
                var step = new float[2];
                step[1] = series[r.Series].Covariates[(r.End + 1 + k) * 2 + 1];
                var scaled = new float[2];
                scaler.Apply(step, scaled);
                expected.Add(scaled[1]);
            }
        }

        extra.data<float>().ToArray().Should().Equal(expected);
    }

    [Fact]
    public void Extra_FutureMissing_SaysHowManyStepsAreNeeded()
    {
        var (layout, series, _, scaler) = Data();
        var windows = new SeriesWindows(series, layout, new[] { new ForecastWindows.Ref(0, series[0].Length - 2) });

        var build = () => new ForecastInputs(layout, scaler, CPU, layout.Horizon).Extra(windows, 0, 1);

        build.Should().Throw<InvalidOperationException>().WithMessage("Forecasting with the known-future covariates [Future] needs their values for the next 3 steps; got 1.*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Targets_NextValues_InTheNetworksUnits(int seasonalPeriod)
    {
        var (layout, series, refs, scaler) = Data();
        layout = layout with { SeasonalPeriod = seasonalPeriod };
        var windows = new SeriesWindows(series, layout, refs);
        var means = new float[refs.Length];
        var scales = new float[refs.Length];
        var inputs = new ForecastInputs(layout, scaler, CPU, layout.Horizon);
        using var input = inputs.Values(windows, 0, refs.Length, means, scales);

        using var targets = inputs.Targets(windows, 0, refs.Length, layout.Horizon, means, scales);

        targets.shape.Should().Equal(refs.Length, layout.Horizon);
        var values = targets.data<float>().ToArray();
        for (int b = 0; b < refs.Length; b++)
        {
            var window = windows.Values(b);
            for (int k = 0; k < layout.Horizon; k++)
            {
                float actual = series[refs[b].Series].Values[refs[b].End + 1 + k];
                layout.Unscale(values[b * layout.Horizon + k], means[b], scales[b], layout.SeasonalBase(window, k)).Should().BeApproximately(actual, 1e-3f);
            }
        }
    }

    /// <summary>Two series with a past-observed and a known-future covariate; window 6, horizon 3; four windows.</summary>
    internal static (SeriesLayout Layout, List<TimeSeries> Series, ForecastWindows.Ref[] Refs, FeatureScaler Scaler) Data()
    {
        var layout = new SeriesLayout("Value", new[] { "Past" }, new[] { "Future" }, "Id", WindowSize: 6, Horizon: 3, ForecastStrategy.Direct);
        var rng = new Random(4);
        var series = new List<TimeSeries>();
        foreach (var id in new[] { "a", "b" })
        {
            var s = new TimeSeries(id);
            for (int t = 0; t < 30; t++)
            {
                s.Values.Add((id == "a" ? 5 : -40) + (float)rng.NextDouble() * 3);
                s.Covariates.Add((float)rng.NextDouble() * 7);
                s.Covariates.Add(t % 2 == 0 ? 1f : 0f);
            }

            series.Add(s);
        }

        var scaler = FeatureScaler.Fit(series.Select(s => s.Covariates.ToArray()).ToList(), 2);
        var refs = new[] { new ForecastWindows.Ref(0, 5), new ForecastWindows.Ref(1, 17), new ForecastWindows.Ref(0, 20), new ForecastWindows.Ref(1, 26) };
        return (layout, series, refs, scaler);
    }

    /// <summary>The window ending at <paramref name="end"/> copied into arrays, as the forecast engine holds it.</summary>
    internal static ForecastWindow Copy(TimeSeries s, int end, SeriesLayout layout)
    {
        int w = layout.WindowSize, c = layout.CovariateCount, first = end - w + 1;
        int steps = Math.Min(layout.Horizon, s.Length - end - 1);
        var future = Enumerable.Range(0, steps).Select(k => s.Covariates[(end + 1 + k) * c + 1]).ToArray();
        return new ForecastWindow(s.Values.GetRange(first, w).ToArray(), s.Covariates.GetRange(first * c, w * c).ToArray(), future);
    }

    /// <summary>Per step: (value − mean) / std of the window, then the scaled covariates.</summary>
    private static float[] Expected(float[] values, float[] covariates, FeatureScaler scaler, SeriesLayout layout)
    {
        var (mean, scale) = WindowScaling.Of(values);
        int c = layout.CovariateCount;
        var result = new float[values.Length * (1 + c)];
        for (int t = 0; t < values.Length; t++)
        {
            result[t * (1 + c)] = (values[t] - mean) / scale;
            scaler.Apply(covariates.AsSpan(t * c, c), result.AsSpan(t * (1 + c) + 1, c));
        }

        return result;
    }
}
