using Microsoft.ML.Recurrent.Native;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>glibc's malloc statistics over all arenas (Linux with glibc 2.33 or later; empty elsewhere).</summary>
internal static class NativeHeap
{
    /// <summary>"malloc: in use X MiB, free in arenas Y MiB, mmapped Z MiB", or an empty string where unavailable.</summary>
    public static string Describe()
        => HeapTrimmer.TryReadStatistics(out long inUse, out long free, out long mmapped)
            ? Report.Invariant($"malloc: in use {inUse >> 20} MiB, free in arenas {free >> 20} MiB, mmapped {mmapped >> 20} MiB")
            : "";
}
