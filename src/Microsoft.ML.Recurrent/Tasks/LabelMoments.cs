using System;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>Count, mean and standard deviation of the training labels, added one value at a time (so streamed data
/// never has to be held).</summary>
internal sealed class LabelMoments
{
    private Data.RunningMoments _moments;

    public long Count => _moments.Count;

    public double Mean => _moments.Mean;

    public double Std => _moments.Std;

    /// <summary>The moments of <paramref name="values"/>.</summary>
    public static LabelMoments Of(IEnumerable<float> values)
    {
        var moments = new LabelMoments();
        foreach (var v in values)
            moments.Add(v);
        return moments;
    }

    public void Add(float value) => _moments.Add(value);

    /// <summary>Adds every value of <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
            Add(v);
    }
}
