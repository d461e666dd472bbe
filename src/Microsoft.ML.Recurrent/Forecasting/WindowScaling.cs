using System;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Per-window standardisation: each window's values are centred on its mean and divided by its standard
/// deviation (floored, so flat windows stay finite). Targets use the same two numbers.</summary>
internal static class WindowScaling
{
    public static (float Mean, float Scale) Of(ReadOnlySpan<float> values)
    {
        double sum = 0, sumSquares = 0;
        foreach (var v in values)
        {
            sum += v;
            sumSquares += (double)v * v;
        }

        double mean = sum / values.Length;
        double std = Math.Sqrt(Math.Max(sumSquares / values.Length - mean * mean, 0));
        double floor = 1e-3 * (Math.Abs(mean) + 1);
        return ((float)mean, (float)Math.Max(std, floor));
    }
}
