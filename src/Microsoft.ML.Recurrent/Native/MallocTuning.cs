using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Stops glibc's malloc from hoarding the memory of freed tensors during long training runs.
/// </summary>
/// <remarks>
/// <para>
/// glibc serves blocks of at least <c>M_MMAP_THRESHOLD</c> (128 KiB) with their own <c>mmap</c> and returns them to
/// the system when freed, but it raises that threshold to the size of any such block that is freed (up to 32 MiB).
/// libtorch frees megabytes of activations and workspaces at every training step, so after the first steps those
/// buffers come from malloc's arenas instead. There, in some runs and not others, freed buffers are not reused: the
/// measured bytes in use stay flat (about 56 MiB for an LSTM with hidden size 64) while free bytes held by the
/// arenas grow by about 6 MiB per step until the machine runs out of memory.
/// </para>
/// <para>
/// Setting <c>M_MMAP_THRESHOLD</c> explicitly fixes it and switches the dynamic adjustment off: large tensors keep
/// their own mappings and go back to the system when disposed. The setting is process-wide and applied once, when the
/// library first loads TorchSharp, on Linux with glibc. It is skipped when the application has chosen its own
/// threshold through <c>MALLOC_MMAP_THRESHOLD_</c>, and switched off with <c>MLNET_RECURRENT_MALLOC_TUNING=0</c>.
/// </para>
/// </remarks>
internal static partial class MallocTuning
{
    /// <summary>The environment variable that disables the tuning when set to <c>0</c> or <c>false</c>.</summary>
    public const string OptOutVariable = "MLNET_RECURRENT_MALLOC_TUNING";

    /// <summary>glibc's own variable for the threshold; when the application sets it, its value is kept.</summary>
    public const string GlibcVariable = "MALLOC_MMAP_THRESHOLD_";

    /// <summary>The fixed threshold: glibc's default starting value.</summary>
    public const int MmapThresholdBytes = 128 * 1024;

    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>Whether the threshold was set by this process's call to <see cref="Apply"/>.</summary>
    public static bool Applied { get; private set; }

    /// <summary>Sets the threshold unless opted out or chosen by the application; returns what was done, for the load report.</summary>
    /// <param name="optOut">The value of <see cref="OptOutVariable"/>.</param>
    /// <param name="glibcSetting">The value of <see cref="GlibcVariable"/>.</param>
    public static string Apply(string? optOut, string? glibcSetting)
    {
        if (!OperatingSystem.IsLinux())
            return "malloc not tuned: not Linux";
        if (TorchNativeLoader.IsPatchingDisabled(optOut))
            return $"malloc not tuned: {OptOutVariable}={optOut}";
        if (glibcSetting is not null)
            return $"malloc not tuned: the application set {GlibcVariable}={glibcSetting}";
        try
        {
            Applied |= mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes) == 1;
            return Applied ? $"malloc M_MMAP_THRESHOLD fixed at {MmapThresholdBytes} bytes" : "malloc not tuned: mallopt refused";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "malloc not tuned: no glibc mallopt";
        }
    }

    [LibraryImport("libc")]
    private static partial int mallopt(int param, int value);
}
