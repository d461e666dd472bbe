using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Data;

public class FeatureScalerTests
{
    [Fact]
    public void Apply_ThreeChannels_StandardisesEachChannelWithItsOwnStatistics()
    {
        // Channel means (2, 20, 0), standard deviations (1, 10, 4).
        var scaler = FeatureScaler.Fit(new List<float[]> { new[] { 1f, 10f, -4f, 3f, 30f, 4f } }, inputSize: 3);
        var destination = new float[6];

        scaler.Apply(new[] { 2f, 20f, 0f, 4f, 0f, 8f }, destination);

        destination.Should().Equal(0f, 0f, 0f, 2f, -2f, 2f);
    }

    [Fact]
    public void Apply_OneChannel_StandardisesEveryStep()
    {
        var scaler = FeatureScaler.Fit(new List<float[]> { new[] { 1f, 3f } }, inputSize: 1);   // mean 2, std 1
        var destination = new float[3];

        scaler.Apply(new[] { 2f, 4f, 0f }, destination);

        destination.Should().Equal(0f, 2f, -2f);
    }

    [Fact]
    public void Apply_ChannelConstantInTraining_OnlyCentred()
    {
        // 6,000 steps of 7.7: the sums of squares left a standard deviation of 1.9e-6, and 8.7 was scaled to 533,215.
        var rows = Enumerable.Range(0, 600).Select(i => Enumerable.Range(0, 10).SelectMany(t => new[] { (float)Math.Sin(i + t), 7.7f }).ToArray()).ToList();
        var scaler = FeatureScaler.Fit(rows, inputSize: 2);
        var destination = new float[2];

        scaler.Apply(new[] { 0f, 8.7f }, destination);

        destination[1].Should().BeApproximately(1f, 1e-5f);
    }

    [Fact]
    public void Apply_ChannelInNanoUnits_Standardised()
    {
        // Mean 2e-9, standard deviation 1e-9: below the former absolute floor of 1e-8, the channel was left unscaled.
        var scaler = FeatureScaler.Fit(new List<float[]> { new[] { 1e-9f, 3e-9f } }, inputSize: 1);
        var destination = new float[2];

        scaler.Apply(new[] { 2e-9f, 4e-9f }, destination);

        destination[0].Should().BeApproximately(0f, 1e-5f);
        destination[1].Should().BeApproximately(2f, 1e-5f);
    }
}
