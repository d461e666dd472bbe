using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Makes libtorch align its CPU buffers to the page, and map the large ones on transparent huge pages, by setting
/// <c>THP_MEM_ALLOC_ENABLE=1</c> before libtorch allocates, unless the application chose otherwise.
/// </summary>
/// <remarks>
/// <para>
/// libtorch allocates every CPU tensor with <c>posix_memalign(64)</c>. glibc before 2.38 fragments its heap when large
/// 64-byte-aligned blocks are freed and allocated again between small allocations (sourceware bug 14581): in about one
/// training process in three the free bytes held by malloc then grow by about 6 MiB per step while the bytes in use stay
/// flat (see <see cref="HeapTrimmer"/>, which bounds it at a cost in time). With <c>THP_MEM_ALLOC_ENABLE=1</c> libtorch
/// aligns buffers to the page instead and advises huge pages for those of 2 MiB and more. Measured with the soak
/// benchmark (LSTM 1→64, 200 steps, trimming off): hoarding in 0 of 8 runs with it, against 3 of 9 by default and 6 of 6
/// with glibc's fastbins off (a setting that forces it).
/// </para>
/// <para>
/// libtorch reads the variable once, at its first allocation, so it is set in the native environment before TorchSharp
/// initialises. An application that sets <c>THP_MEM_ALLOC_ENABLE</c> itself (to <c>0</c> to keep 64-byte alignment)
/// keeps its choice.
/// </para>
/// </remarks>
internal static partial class PageAlignedAllocation
{
    /// <summary>The variable libtorch's CPU allocator reads.</summary>
    public const string Variable = "THP_MEM_ALLOC_ENABLE";

    /// <summary>Sets <see cref="Variable"/> to <c>1</c> unless it is set (Linux only).</summary>
    /// <returns>What was done, for the load report.</returns>
    public static string Apply()
    {
        if (!OperatingSystem.IsLinux())
            return $"{Variable} left as it is (not Linux)";
        if (OpenMpWaitPolicy.NativeValue(Variable) is string chosen)
            return $"{Variable}={chosen} kept (set by the application)";
        if (setenv(Variable, "1", 0) != 0)
            return $"{Variable} unchanged: setenv failed with errno {Marshal.GetLastPInvokeError()}";
        Environment.SetEnvironmentVariable(Variable, "1");
        return $"{Variable}=1 set before libtorch allocated: page-aligned CPU buffers, which glibc before 2.38 does not fragment (set {Variable}=0 to keep 64-byte alignment)";
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);
}
