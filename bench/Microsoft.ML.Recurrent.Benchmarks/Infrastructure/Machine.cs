using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>What the benchmark reads about the machine: load (it is shared) and this process's memory.</summary>
internal static class Machine
{
    /// <summary>The 1-minute load average, or NaN where /proc/loadavg does not exist.</summary>
    public static double Load() => Native.OpenMpWaitPolicy.LoadAverage() ?? double.NaN;

    /// <summary>Whether other work is using the cores (load above the core count).</summary>
    public static bool IsBusy() => Load() > Environment.ProcessorCount + 0.5;

    /// <summary>This process's working set now, in bytes.</summary>
    public static long WorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    /// <summary>This process's peak working set so far, in bytes.</summary>
    public static long PeakWorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }

    /// <summary>Bytes as MiB text.</summary>
    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
}
