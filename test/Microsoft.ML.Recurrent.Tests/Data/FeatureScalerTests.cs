using System.Collections.Generic;
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
}
