using System;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Returns memory that glibc's malloc hoards to the system during long training runs.
/// </summary>
/// <remarks>
/// <para>
/// In some training processes and not others (about one in three, decided early in the run), glibc stops reusing the
/// multi-megabyte buffers libtorch frees at every step: the bytes in use stay flat (about 56 MiB for an LSTM with
/// hidden size 64) while the free bytes held in malloc's arenas grow by about 6 MiB per step, until the machine runs
/// out of memory. It is not a tensor leak (the live tensor count is constant) but the fragmentation glibc before 2.38
/// suffers from when large 64-byte-aligned blocks (libtorch allocates every tensor with <c>posix_memalign(64)</c>) are
/// freed and allocated again between small allocations (sourceware bug 14581): the small leading piece cut off to align
/// a block sits in the thread's tcache, a small allocation takes it, and the freed block beside it can no longer merge
/// or be reused. Measured with the soak benchmark (LSTM 1→64, 200 steps, trimming off): hoarding in 3 of 9 runs by
/// default, 6 of 6 with fastbins off, 0 of 12 with <c>GLIBC_TUNABLES=glibc.malloc.tcache_count=0</c> (which can only be
/// set before the process starts, so the library cannot apply it itself; arena_max=1 does not help). libtorch's own
/// <c>THP_MEM_ALLOC_ENABLE=1</c>, which the library could set before libtorch's first allocation, also prevents it (page
/// alignment for buffers of 2 MiB and more: 0 hoarding runs of 26, 10 of them with fastbins off) but was not adopted:
/// it cost 25–45% of LSTM training throughput on 2 threads, both for the library and for a plain TorchSharp loop, with
/// huge pages switched off too, so the page alignment itself is the cost.
/// </para>
/// <para>
/// Lowering glibc's mmap threshold also stops it but costs 2.5× training throughput (every buffer is mapped and faulted
/// in again at every step), so instead the training loops call <see cref="HeapWatch.AfterStep"/>: every
/// <see cref="CheckEverySteps"/> steps, when free bytes exceed both <see cref="MinimumHoardBytes"/> and the bytes in
/// use, <c>malloc_trim(0)</c> gives the free pages back, and the first trim of a training run logs a warning with the
/// remedy. A process in the good state never reaches that and pays nothing; one in the bad state stays bounded instead
/// of growing without limit, at the cost of the trims (about 0.5 ms per step for that LSTM).
/// </para>
/// <para>Linux with glibc only; <c>MLNET_RECURRENT_HEAP_TRIM=0</c> switches it off.</para>
/// </remarks>
internal static partial class HeapTrimmer
{
    /// <summary>The environment variable that disables trimming when set to <c>0</c> or <c>false</c>.</summary>
    public const string OptOutVariable = "MLNET_RECURRENT_HEAP_TRIM";

    /// <summary>Free bytes held by malloc below which nothing is done.</summary>
    public const long MinimumHoardBytes = 128L << 20;

    /// <summary>Training steps between two checks.</summary>
    public const int CheckEverySteps = 20;

    private static bool s_available = OperatingSystem.IsLinux()
        && !TorchNativeLoader.IsPatchingDisabled(Environment.GetEnvironmentVariable(OptOutVariable));

    /// <summary>Whether this process runs on glibc (read once).</summary>
    public static bool IsGlibc { get; } = OperatingSystem.IsLinux() && LibcVersion() != "unknown";

    /// <summary>Whether free bytes held by malloc are worth returning with glibc's own thresholds: more than the bytes in
    /// use and more than <see cref="MinimumHoardBytes"/>.</summary>
    public static bool ShouldTrim(long inUseBytes, long freeBytes)
        => freeBytes > MinimumHoardBytes && freeBytes > inUseBytes;

    /// <summary>Whether free bytes are worth returning while <see cref="MallocTuning"/> keeps a training run's buffers in
    /// the heap on purpose: then the heap (bytes in use plus free) is expected to grow to what the run's largest step
    /// needs and stay there, so only a heap that has more than doubled since <paramref name="baselineHeapBytes"/> (its
    /// size after the first epoch; 0 before) and holds more free bytes than bytes in use and than
    /// <see cref="MinimumHoardBytes"/> is hoarding.</summary>
    public static bool ShouldTrimKeptHeap(long inUseBytes, long freeBytes, long baselineHeapBytes)
        => baselineHeapBytes > 0 && inUseBytes + freeBytes > 2 * baselineHeapBytes && ShouldTrim(inUseBytes, freeBytes);

    /// <summary>glibc's malloc statistics over all arenas: bytes in use, free bytes held, mmapped bytes; false where
    /// unavailable (not Linux, not glibc 2.33 or later).</summary>
    public static bool TryReadStatistics(out long inUseBytes, out long freeBytes, out long mmappedBytes)
    {
        inUseBytes = freeBytes = mmappedBytes = 0;
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            var info = mallinfo2();
            (inUseBytes, freeBytes, mmappedBytes) = ((long)info.uordblks, (long)info.fordblks, (long)info.hblkhd);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Reads glibc's statistics and trims when <paramref name="shouldTrim"/> (given the bytes in use and the free
    /// bytes) says so; returns whether it trimmed, with the bytes in use and the free bytes held before the trim.</summary>
    public static bool TrimIfHoarding(Func<long, long, bool> shouldTrim, out long inUseBytes, out long freeBytes)
    {
        inUseBytes = freeBytes = 0;
        if (!s_available)
            return false;
        if (!TryReadStatistics(out inUseBytes, out freeBytes, out _))
        {
            s_available = false;   // not glibc (or older than 2.33): nothing to do
            return false;
        }

        if (!shouldTrim(inUseBytes, freeBytes))
            return false;
        malloc_trim(0);
        return true;
    }

    /// <summary>Gives every free page malloc holds back to the system (<c>malloc_trim(0)</c>); does nothing where that
    /// is unavailable.</summary>
    public static void Trim()
    {
        if (s_available && IsGlibc)
            malloc_trim(0);
    }

    /// <summary>The warning of a training run's first trim: what was seen, why, what it costs and how to avoid it.</summary>
    /// <param name="libcVersion">glibc's version, e.g. <c>2.36</c>.</param>
    /// <param name="inUseBytes">Bytes in use when the trim was decided.</param>
    /// <param name="freeBytes">Free bytes held when the trim was decided.</param>
    /// <param name="tcacheOff">Whether the process runs with glibc's thread cache off (then the known cause is ruled out).</param>
    public static string HoardingWarning(string libcVersion, long inUseBytes, long freeBytes, bool tcacheOff = false)
        => string.Format(
            CultureInfo.InvariantCulture,
            "glibc {0} is hoarding freed memory in this process ({1} MiB free in its arenas, {2} MiB in use): {3} Training goes on and "
            + "returns that memory with malloc_trim (checked every {4} steps), which keeps memory flat but costs time. {5}To stop "
            + "trimming, set {6}=0.",
            libcVersion, freeBytes >> 20, inUseBytes >> 20,
            tcacheOff
                ? "glibc's thread cache is off (GLIBC_TUNABLES), so this is not the known fragmentation of glibc before 2.38; please report it with this message."
                : "the fragmentation 64-byte-aligned allocations such as libtorch's cause in glibc before 2.38 (sourceware bug 14581).",
            CheckEverySteps,
            tcacheOff ? "" : "To avoid the hoarding, start the process with GLIBC_TUNABLES=glibc.malloc.tcache_count=0. ",
            OptOutVariable);

    /// <summary>glibc's version string, or <c>unknown</c> where it cannot be read.</summary>
    public static string LibcVersion()
    {
        try
        {
            return Marshal.PtrToStringUTF8(gnu_get_libc_version()) ?? "unknown";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "unknown";
        }
    }

    [LibraryImport("libc")]
    private static partial IntPtr gnu_get_libc_version();

    [LibraryImport("libc")]
    private static partial MallInfo2 mallinfo2();

    [LibraryImport("libc")]
    private static partial int malloc_trim(nuint pad);

    /// <summary>glibc's <c>struct mallinfo2</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena;
        public nuint ordblks;
        public nuint smblks;
        public nuint hblks;
        public nuint hblkhd;
        public nuint usmblks;
        public nuint fsmblks;
        public nuint uordblks;
        public nuint fordblks;
        public nuint keepcost;
    }
}
