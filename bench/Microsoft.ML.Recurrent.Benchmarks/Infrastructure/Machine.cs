using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>What the benchmark reads about the machine: how busy other processes keep the cores (it is shared) and this process's memory.</summary>
internal static class Machine
{
    /// <summary>Cores' worth of time other processes used over the next 100 ms (this one's excluded), or NaN where
    /// /proc/stat does not exist. The load average is not used: on the virtual machines here it stays near the core
    /// count while the cores are idle.</summary>
    public static double Load() => Native.OpenMpWaitPolicy.BusyCoresElsewhere(TimeSpan.FromMilliseconds(100)) ?? double.NaN;

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
