using System;
using System.Collections.Generic;
using System.IO;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Per-channel standardisation <c>(x − mean) / std</c>, with statistics of the training data, stored with the model.</summary>
internal sealed class FeatureScaler
{
    private readonly float[] _mean;
    private readonly float[] _inverseStd;

    private FeatureScaler(float[] mean, float[] inverseStd)
    {
        _mean = mean;
        _inverseStd = inverseStd;
    }

    /// <summary>The scaler that leaves values unchanged.</summary>
    public static FeatureScaler Identity(int inputSize)
    {
        var ones = new float[inputSize];
        Array.Fill(ones, 1f);
        return new FeatureScaler(new float[inputSize], ones);
    }

    /// <summary>Statistics over every time step of every row.</summary>
    public static FeatureScaler Fit(IReadOnlyList<float[]> rows, int inputSize)
    {
        var statistics = new FeatureStatistics(inputSize);
        foreach (var row in rows)
            statistics.Add(row);
        return statistics.ToScaler();
    }

    /// <summary>The scaler of the given per-channel means and standard deviations (a zero deviation, or one within
    /// rounding of the mean, scales by 1: see <see cref="RunningMoments.IsNegligible"/>).</summary>
    public static FeatureScaler FromMoments(ReadOnlySpan<double> mean, ReadOnlySpan<double> std)
    {
        var means = new float[mean.Length];
        var inverseStd = new float[mean.Length];
        for (int c = 0; c < mean.Length; c++)
        {
            means[c] = (float)mean[c];
            inverseStd[c] = RunningMoments.IsNegligible(mean[c], std[c]) ? 1f : (float)(1 / std[c]);
        }

        return new FeatureScaler(means, inverseStd);
    }

    /// <summary>Values per time step.</summary>
    public int InputSize => _mean.Length;

    /// <summary>Writes <paramref name="source"/> scaled into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        int d = _mean.Length;
        if (d == 1)
        {
            float mean = _mean[0], inverseStd = _inverseStd[0];
            for (int i = 0; i < source.Length; i++)
                destination[i] = (source[i] - mean) * inverseStd;
            return;
        }

        for (int step = 0; step < source.Length; step += d)
        {
            for (int c = 0; c < d; c++)
                destination[step + c] = (source[step + c] - _mean[c]) * _inverseStd[c];
        }
    }

    /// <summary>Writes the statistics.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_mean.Length);
        foreach (var m in _mean)
            writer.Write(m);
        foreach (var s in _inverseStd)
            writer.Write(s);
    }

    /// <summary>Reads statistics written by <see cref="Write"/>.</summary>
    public static FeatureScaler Read(BinaryReader reader)
    {
        int d = Persistence.StoredCount.Read(reader, "feature channels");
        var mean = new float[d];
        var inverseStd = new float[d];
        for (int i = 0; i < d; i++)
            mean[i] = reader.ReadSingle();
        for (int i = 0; i < d; i++)
            inverseStd[i] = reader.ReadSingle();
        return new FeatureScaler(mean, inverseStd);
    }
}
