using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Data;

public class RunningMomentsTests
{
    [Fact]
    public void Std_ConstantValueOverManySteps_IsExactlyZero()
    {
        // Sums of the raw values and their squares gave 1.9e-6 here: a constant channel was then scaled by 5.3e5.
        var moments = new RunningMoments();
        for (int i = 0; i < 6000; i++)
            moments.Add(7.7f);

        moments.Std.Should().Be(0);
        moments.Mean.Should().Be(7.7f);
        RunningMoments.IsNegligible(moments.Mean, moments.Std).Should().BeTrue();
    }

    [Fact]
    public void MeanAndStd_SmallSpreadFarFromZero_MatchTwoPass()
    {
        var rng = new Random(1);
        var values = Enumerable.Range(0, 5000).Select(_ => (double)(float)(12345.678 + rng.NextDouble() * 0.01)).ToArray();
        var moments = new RunningMoments();
        foreach (var v in values)
            moments.Add(v);

        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        moments.Mean.Should().BeApproximately(mean, 1e-9);
        moments.Std.Should().BeApproximately(std, 1e-9 * std + 1e-12);
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(1e-9, 3e-10, false)]
    [InlineData(7.7, 1e-7, true)]
    [InlineData(7.7, 1e-5, false)]
    [InlineData(0, 1e-40, true)]
    public void IsNegligible_ComparesWithTheMeansMagnitude(double mean, double std, bool expected)
        => RunningMoments.IsNegligible(mean, std).Should().Be(expected);
}
