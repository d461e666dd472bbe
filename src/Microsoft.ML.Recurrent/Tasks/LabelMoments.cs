using System;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>Count, mean and standard deviation of the training labels, added one value at a time (so streamed data
/// never has to be held).</summary>
internal sealed class LabelMoments
{
    private double _sum;
    private double _sumSquares;

    public long Count { get; private set; }

    public double Mean => _sum / Math.Max(Count, 1);

    public double Std => Math.Sqrt(Math.Max(_sumSquares / Math.Max(Count, 1) - Mean * Mean, 0));

    /// <summary>The moments of <paramref name="values"/>.</summary>
    public static LabelMoments Of(IEnumerable<float> values)
    {
        var moments = new LabelMoments();
        foreach (var v in values)
            moments.Add(v);
        return moments;
    }

    public void Add(float value)
    {
        _sum += value;
        _sumSquares += (double)value * value;
        Count++;
    }

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
            Add(v);
    }
}
