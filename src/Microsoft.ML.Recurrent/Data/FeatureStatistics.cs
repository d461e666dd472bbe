using System;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Per-channel sums of the training rows, added one row at a time (so streamed data never has to be held),
/// from which a <see cref="FeatureScaler"/> is made.</summary>
internal sealed class FeatureStatistics
{
    private readonly double[] _sum;
    private readonly double[] _sumSquares;
    private long _steps;

    public FeatureStatistics(int inputSize)
    {
        _sum = new double[inputSize];
        _sumSquares = new double[inputSize];
    }

    /// <summary>Adds one row: steps × input size values, time-major.</summary>
    public void Add(ReadOnlySpan<float> row)
    {
        int d = _sum.Length;
        for (int i = 0; i < row.Length; i++)
        {
            _sum[i % d] += row[i];
            _sumSquares[i % d] += (double)row[i] * row[i];
        }

        _steps += row.Length / d;
    }

    /// <summary>The standardisation with the mean and standard deviation of every step added.</summary>
    public FeatureScaler ToScaler()
    {
        int d = _sum.Length;
        var mean = new double[d];
        var std = new double[d];
        for (int c = 0; c < d; c++)
        {
            mean[c] = _sum[c] / Math.Max(_steps, 1);
            std[c] = Math.Sqrt(Math.Max(_sumSquares[c] / Math.Max(_steps, 1) - mean[c] * mean[c], 0));
        }

        return FeatureScaler.FromMoments(mean, std);
    }
}
