using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Lets glibc keep libtorch's large per-step buffers in its heap between training steps, when the process was started
/// with glibc's thread cache off (<c>GLIBC_TUNABLES=glibc.malloc.tcache_count=0</c>).
/// </summary>
/// <remarks>
/// <para>
/// glibc maps every allocation above its mmap threshold afresh and unmaps it when freed; the threshold adapts upwards
/// to the largest block freed so far, but never beyond 32 MiB. Training on long sequences allocates larger blocks at
/// every step (LSTM 5→64 over 672 steps, batch 32: three blocks of 101–112 MiB, libtorch's workspace for the backward
/// pass), so each step maps about 330 MiB and the kernel zeroes every page of it again: half the run time was system
/// time (2 million page faults in 5 epochs). With the mmap and trim thresholds at <see cref="ThresholdBytes"/> those
/// blocks are reused from the heap instead: the same run took 6.6 s instead of 13.9 s at 352 instead of 312 MiB peak.
/// </para>
/// <para>
/// It is only done with the thread cache off, because with it on, glibc before 2.38 fragments 64-byte-aligned blocks
/// (sourceware bug 14581, see <see cref="HeapTrimmer"/>) and the blocks kept in the heap then pile up: in 7 of 13
/// runs of that LSTM with raised thresholds the peak reached 0.95–1.3 GiB, against 312 MiB with glibc's defaults; with
/// the cache off it stayed at 337–353 MiB in all 8 runs (6.4–7.0 s each, against 13.5–14.2 s with the defaults). The thread cache can only be switched off before the process starts, so the library cannot do it, but it
/// can raise the thresholds itself (<c>mallopt</c>) once it sees that it was. An application that sets either threshold
/// itself (in <c>GLIBC_TUNABLES</c>, <c>MALLOC_MMAP_THRESHOLD_</c> or <c>MALLOC_TRIM_THRESHOLD_</c>) keeps its choice.
/// </para>
/// <para>
/// While a training run lasts (<see cref="BeginRun"/> to <see cref="EndRun"/>) glibc's automatic trimming is off as
/// well: a step's buffers are freed together and merge into the free top of the heap, which glibc gives back whenever
/// it exceeds the trim threshold, so a step that needs more than 1 GiB had all of it faulted in again at the next step.
/// The M4 hourly sample (LSTM, hidden size 64, 336-step windows, batch 512: 1.7 GiB freed at the top after each step) took 360 s,
/// half of it system time (440,000 page faults a second); without trimming during the run, 155 s with 4 s of system
/// time and the same forecasts. <see cref="HeapWatch"/> bounds the heap instead.
/// </para>
/// <para>The memory kept this way is given back when a training run ends (<see cref="HeapWatch.Dispose"/>). It only
/// helps threads that allocate from glibc's main arena (the process's main thread, or every thread with
/// <c>glibc.malloc.arena_max=1</c>): the secondary arenas grow in heaps of at most 64 MiB and map larger blocks anyway, which
/// <see cref="HeapWatch"/> reports.</para>
/// </remarks>
internal static partial class MallocTuning
{
    /// <summary>The variable glibc reads its tunables from at start-up.</summary>
    public const string TunablesVariable = "GLIBC_TUNABLES";

    /// <summary>The tunable that switches the thread cache off when 0.</summary>
    public const string TcacheCountTunable = "glibc.malloc.tcache_count";

    /// <summary>The tunable of glibc's mmap threshold.</summary>
    public const string MmapThresholdTunable = "glibc.malloc.mmap_threshold";

    /// <summary>The tunable of glibc's trim threshold.</summary>
    public const string TrimThresholdTunable = "glibc.malloc.trim_threshold";

    /// <summary>The mmap and trim thresholds set: blocks up to this size are kept in the heap (1 GiB).</summary>
    public const int ThresholdBytes = 1 << 30;

    /// <summary>The trim threshold while training runs are in progress: none, glibc never trims the heap by itself.</summary>
    public const ulong NoTrimThreshold = ulong.MaxValue;

    private const int TrimThresholdParameter = -1;   // M_TRIM_THRESHOLD
    private const int MmapThresholdParameter = -3;   // M_MMAP_THRESHOLD

    private static readonly object s_runsGate = new();
    private static int s_runs;

    /// <summary>Whether <see cref="Apply"/> raised the thresholds in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>Called when a training run starts: when <see cref="Applied"/>, the first run in progress switches
    /// glibc's automatic trimming off (<see cref="NoTrimThreshold"/>), so the buffers its steps free at the top of the
    /// heap are reused by the next step instead of given back and faulted in again.</summary>
    public static void BeginRun()
    {
        if (!Applied)
            return;
        lock (s_runsGate)
        {
            if (s_runs++ == 0)
                mallopt(TrimThresholdParameter, unchecked((int)NoTrimThreshold));   // glibc reads −1 as SIZE_MAX
        }
    }

    /// <summary>Called when a training run ends: the last run in progress puts the trim threshold back to
    /// <see cref="ThresholdBytes"/> and gives every free page the heap kept back to the system.</summary>
    public static void EndRun()
    {
        if (!Applied)
            return;
        lock (s_runsGate)
        {
            if (s_runs == 0 || --s_runs > 0)
                return;
            mallopt(TrimThresholdParameter, ThresholdBytes);
            HeapTrimmer.Trim();
        }
    }

    /// <summary>Whether the tunables switch glibc's thread cache off (<c>glibc.malloc.tcache_count=0</c>).</summary>
    /// <param name="tunables">The value of <c>GLIBC_TUNABLES</c>, or null.</param>
    public static bool TcacheOff(string? tunables)
        => Tunable(tunables, TcacheCountTunable) is string count
            && long.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n == 0;

    /// <summary>Whether the application chose an mmap or trim threshold itself.</summary>
    /// <param name="tunables">The value of <c>GLIBC_TUNABLES</c>, or null.</param>
    /// <param name="mmapThreshold">The value of <c>MALLOC_MMAP_THRESHOLD_</c>, or null.</param>
    /// <param name="trimThreshold">The value of <c>MALLOC_TRIM_THRESHOLD_</c>, or null.</param>
    public static bool ThresholdsChosen(string? tunables, string? mmapThreshold, string? trimThreshold)
        => mmapThreshold is not null || trimThreshold is not null
            || Tunable(tunables, MmapThresholdTunable) is not null
            || Tunable(tunables, TrimThresholdTunable) is not null;

    /// <summary>Whether to raise the thresholds: the thread cache is off and the application chose no threshold.</summary>
    public static bool ShouldApply(string? tunables, string? mmapThreshold, string? trimThreshold)
        => TcacheOff(tunables) && !ThresholdsChosen(tunables, mmapThreshold, trimThreshold);

    /// <summary>Raises glibc's mmap and trim thresholds to <see cref="ThresholdBytes"/> when <see cref="ShouldApply"/>
    /// says so (Linux only); called once, before libtorch loads.</summary>
    /// <returns>What was done, for the load report.</returns>
    public static string Apply()
    {
        if (!OperatingSystem.IsLinux())
            return "malloc thresholds left as they are (not Linux)";
        string? tunables = Environment.GetEnvironmentVariable(TunablesVariable);
        if (!ShouldApply(tunables, Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_"), Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_")))
            return $"malloc thresholds left as they are ({TunablesVariable}={tunables ?? "(unset)"}; they are raised only when it has {TcacheCountTunable}=0 and no threshold)";
        try
        {
            if (mallopt(MmapThresholdParameter, ThresholdBytes) != 1 || mallopt(TrimThresholdParameter, ThresholdBytes) != 1)
                return "malloc thresholds unchanged: mallopt refused them";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "malloc thresholds left as they are (not glibc)";
        }

        Applied = true;
        return $"malloc mmap and trim thresholds raised to {ThresholdBytes >> 20} MiB ({TcacheCountTunable}=0 is set), so large training buffers are reused instead of mapped at every step";
    }

    /// <summary>The value of one entry of a <c>GLIBC_TUNABLES</c> string (<c>name=value</c> entries separated by
    /// colons), or null when absent.</summary>
    public static string? Tunable(string? tunables, string name)
    {
        if (string.IsNullOrEmpty(tunables))
            return null;
        string? found = null;
        foreach (var entry in tunables.Split(':'))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && entry.AsSpan(0, equals).Trim().SequenceEqual(name))
                found = entry[(equals + 1)..].Trim();   // glibc applies the entries in order: the last one wins
        }

        return found;
    }

    [LibraryImport("libc")]
    private static partial int mallopt(int parameter, int value);
}
