using System;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Per-channel sums of the training rows, added one row at a time (so streamed data never has to be held),
/// from which a <see cref="FeatureScaler"/> is made.</summary>
internal sealed class FeatureStatistics
{
    private readonly RunningMoments[] _channels;

    public FeatureStatistics(int inputSize) => _channels = new RunningMoments[inputSize];

    /// <summary>Adds one row: steps × input size values, time-major.</summary>
    public void Add(ReadOnlySpan<float> row)
    {
        int d = _channels.Length;
        for (int i = 0; i < row.Length; i++)
            _channels[i % d].Add(row[i]);
    }

    /// <summary>The standardisation with the mean and standard deviation of every step added.</summary>
    public FeatureScaler ToScaler()
    {
        int d = _channels.Length;
        var mean = new double[d];
        var std = new double[d];
        for (int c = 0; c < d; c++)
        {
            mean[c] = _channels[c].Mean;
            std[c] = _channels[c].Std;
        }

        return FeatureScaler.FromMoments(mean, std);
    }
}
