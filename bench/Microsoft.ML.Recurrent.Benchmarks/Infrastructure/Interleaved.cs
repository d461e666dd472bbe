using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>
/// Times the library and the hand-written loop alternately (A B B A A B …) in one process, so both see the same
/// machine load, and keeps the median of each side. When either side's repetitions spread by more than
/// <see cref="MaxSpread"/> (another engineer's build started, say), the whole comparison is run again, up to twice.
/// </summary>
internal static class Interleaved
{
    public const double MaxSpread = 0.15;

    /// <summary>Medians of seconds per run of each side, and the notes on re-measurements. Of several attempts, the
    /// steadiest (smallest spread) is kept.</summary>
    public static Timing Compare(Func<double> library, Func<double> hand, int repeats, int retries = 2)
    {
        var notes = new List<string>();
        Timing? steadiest = null;
        for (int attempt = 0; ; attempt++)
        {
            double loadBefore = Machine.Load();
            var lib = new List<double>();
            var raw = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                if (r % 2 == 0)
                {
                    lib.Add(library());
                    raw.Add(hand());
                }
                else
                {
                    raw.Add(hand());
                    lib.Add(library());
                }
            }

            var timing = new Timing(Median(lib), Median(raw), Spread(lib), Spread(raw), Math.Max(loadBefore, Machine.Load()), attempt, notes);
            if (steadiest is null || timing.WorstSpread < steadiest.WorstSpread)
                steadiest = timing;
            bool unstable = repeats > 1 && timing.WorstSpread > MaxSpread;
            if (!unstable)
                return timing;
            if (attempt >= retries)
            {
                notes.Add(FormattableString.Invariant($"kept attempt {steadiest.Retries + 1} of {attempt + 1}, the steadiest"));
                return steadiest;
            }

            notes.Add(FormattableString.Invariant($"re-measured: spread {timing.LibrarySpread:P0}/{timing.HandSpread:P0}, others busy {timing.Load:F1}"));
        }
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double Spread(IReadOnlyList<double> values) => values.Count < 2 ? 0 : (values.Max() - values.Min()) / Median(values);
}

/// <summary>Median seconds per run of each side.</summary>
internal sealed record Timing(double Library, double Hand, double LibrarySpread, double HandSpread, double Load, int Retries, IReadOnlyList<string> Notes)
{
    /// <summary>The larger of the two sides' spreads.</summary>
    public double WorstSpread => Math.Max(LibrarySpread, HandSpread);

    /// <summary>Library time over hand-written time: above 1 the library is slower.</summary>
    public double Ratio => Library / Hand;
}
