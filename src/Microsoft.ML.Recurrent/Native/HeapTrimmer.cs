using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Returns memory that glibc's malloc hoards to the system during long training runs.
/// </summary>
/// <remarks>
/// <para>
/// In some training processes and not others (about one in three, decided early in the run), glibc stops reusing the
/// multi-megabyte buffers libtorch frees at every step: the bytes in use stay flat (about 56 MiB for an LSTM with
/// hidden size 64) while the free bytes held in malloc's arenas grow by about 6 MiB per step, until the machine runs
/// out of memory. It is not a tensor leak (the live tensor count is constant) but allocator fragmentation.
/// Fixing glibc's mmap threshold stops it but costs 2.5× training throughput (every buffer is mapped and faulted in
/// again at every step), so instead the training loop calls <see cref="TrimIfHoarding"/> every
/// <see cref="CheckEverySteps"/> steps: when free bytes exceed both <see cref="MinimumHoardBytes"/> and the bytes in
/// use, <c>malloc_trim(0)</c> gives the free pages back. A process in the good state never reaches that and pays
/// nothing; one in the bad state stays bounded instead of growing without limit.
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

    /// <summary>Whether free bytes held by malloc are worth returning: more than <see cref="MinimumHoardBytes"/> and
    /// more than the bytes in use.</summary>
    public static bool ShouldTrim(long inUseBytes, long freeBytes) => freeBytes > MinimumHoardBytes && freeBytes > inUseBytes;

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

    /// <summary>Reads glibc's statistics and trims when <see cref="ShouldTrim"/> says so; returns whether it trimmed.</summary>
    public static bool TrimIfHoarding()
    {
        if (!s_available)
            return false;
        try
        {
            var info = mallinfo2();
            if (!ShouldTrim((long)info.uordblks, (long)info.fordblks))
                return false;
            malloc_trim(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            s_available = false;   // not glibc (or older than 2.33): nothing to do
            return false;
        }
    }

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
