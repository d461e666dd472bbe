using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Forecasting;
using Microsoft.ML.Recurrent.Native;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class ForecastLossFunctionTests
{
    public ForecastLossFunctionTests() => TorchNativeLoader.EnsureLoaded();

    [Theory]
    [InlineData(ForecastLoss.SquaredError, (1 + 0.25 + 4 + 9) / 4.0)]
    [InlineData(ForecastLoss.AbsoluteError, (1 + 0.5 + 2 + 3) / 4.0)]
    public void Mean_Batch_AveragesTheLossOfEachError(ForecastLoss loss, double expected)
    {
        using var output = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);     // -> (B, O) = (2, 2)
        using var target = tensor(new float[] { 0, 2.5f, 5, 1 }).reshape(2, 2);
        double[] errors = { 1, -0.5, -2, 3 };

        using var mean = ForecastLossFunction.Mean(loss, output, target);

        mean.item<float>().Should().BeApproximately((float)expected, 1e-6f);
        errors.Average(e => ForecastLossFunction.Of(loss, e)).Should().BeApproximately(expected, 1e-12);
    }

    [Theory]
    [InlineData(ForecastLoss.SquaredError, "RMSE (standardised)", 0.25, 0.5)]
    [InlineData(ForecastLoss.AbsoluteError, "MAE (standardised)", 0.25, 0.25)]
    public void Metric_EachLoss_NamedAndInTheUnitsOfTheValues(ForecastLoss loss, string name, double meanLoss, double metric)
    {
        ForecastLossFunction.MetricName(loss).Should().Be(name);
        ForecastLossFunction.Metric(loss, meanLoss).Should().Be(metric);
    }
}
