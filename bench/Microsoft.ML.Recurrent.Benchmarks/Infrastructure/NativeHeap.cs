using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>glibc's malloc statistics over all arenas (Linux with glibc 2.33 or later; empty elsewhere).</summary>
internal static partial class NativeHeap
{
    /// <summary>"heap: in use X MiB, free in arenas Y MiB, mmapped Z MiB", or an empty string where unavailable.</summary>
    public static string Describe()
    {
        if (!OperatingSystem.IsLinux())
            return "";
        try
        {
            var info = mallinfo2();
            return Report.Invariant($"malloc: in use {(long)info.uordblks >> 20} MiB, free in arenas {(long)info.fordblks >> 20} MiB, mmapped {(long)info.hblkhd >> 20} MiB");
        }
        catch (EntryPointNotFoundException)
        {
            return "";
        }
        catch (DllNotFoundException)
        {
            return "";
        }
    }

    [LibraryImport("libc")]
    private static partial MallInfo2 mallinfo2();

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
