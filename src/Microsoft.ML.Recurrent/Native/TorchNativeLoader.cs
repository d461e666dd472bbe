using System;
using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Makes TorchSharp's native libraries loadable before the library's first TorchSharp call, and surfaces any
/// failure as one <see cref="RecurrentNativeLibraryException"/> that explains it.
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> was built with GCC 13 and lists <c>GLIBCXX_3.4.32</c> as needed from
/// <c>libstdc++.so.6</c>, although nothing uses the only symbol of that version. On Linux distributions with GCC 12 or
/// older (Debian 12, Ubuntu 22.04, RHEL 9) the dynamic loader therefore refuses it. On such a system, and only there,
/// <see cref="EnsureLoaded"/> writes a copy with that version marked weak to
/// <c>$XDG_CACHE_HOME/Microsoft.ML.Recurrent/native/&lt;hash&gt;/</c> (default <c>~/.cache/…</c>; a private temporary
/// folder when that is not writable), loads libtorch from the original folder and the copy, and registers a
/// <see cref="NativeLibrary.SetDllImportResolver"/> for TorchSharp's assembly that returns the copy for
/// <c>LibTorchSharp</c>. Files in the build output and the NuGet cache are never modified.
/// </para>
/// <para>
/// Where libstdc++ provides the version (or on Windows and macOS) nothing is changed and no resolver is registered,
/// so TorchSharp loads its libraries exactly as shipped and an application stays free to register its own resolver.
/// Setting the environment variable <c>MLNET_RECURRENT_NATIVE_PATCH=0</c> (or <c>false</c>) disables the workaround.
/// </para>
/// <para>
/// Before loading, <see cref="OpenMpWaitPolicy.Apply"/> sets <c>OMP_WAIT_POLICY=PASSIVE</c> when the cores are already
/// busy and the application set neither it nor <c>GOMP_SPINCOUNT</c>: spinning OpenMP threads make training many
/// times slower on busy cores. <see cref="MallocTuning.Apply"/> raises glibc's mmap and trim thresholds when the
/// process was started with glibc's thread cache off, so that large training buffers are reused instead of mapped afresh.
/// </para>
/// </remarks>
internal static class TorchNativeLoader
{
    /// <summary>The environment variable that disables the workaround when set to <c>0</c> or <c>false</c>.</summary>
    public const string OptOutVariable = "MLNET_RECURRENT_NATIVE_PATCH";

    /// <summary>The libstdc++ symbol version that TorchSharp's native library needs but does not use.</summary>
    public const string RequiredVersion = "GLIBCXX_3.4.32";

    /// <summary>Serialises the first (loading) call.</summary>
    private static readonly object s_gate = new();

    /// <summary>Set once loading succeeded; makes later calls a single volatile read.</summary>
    private static volatile bool s_loaded;

    /// <summary>The first failure, reported again by later calls instead of retrying a half-done load.</summary>
    private static RecurrentNativeLibraryException? s_failure;

    /// <summary>The handle of the loaded patched copy, returned by <see cref="Resolve"/>.</summary>
    private static IntPtr s_patchedHandle;

    /// <summary>The path of the loaded patched copy, or <see langword="null"/> when the shipped library is used.</summary>
    internal static string? PatchedLibraryPath { get; private set; }

    /// <summary>What the first call looked at and did (for diagnostics and tests); empty before it.</summary>
    internal static string Report { get; private set; } = string.Empty;

    /// <summary>
    /// Makes sure TorchSharp's native libraries are loaded, applying the <c>GLIBCXX_3.4.32</c> workaround when the
    /// system needs it. Thread-safe and idempotent: after the first call it costs one field read.
    /// Opt out of the workaround with <c>MLNET_RECURRENT_NATIVE_PATCH=0</c>.
    /// </summary>
    /// <exception cref="RecurrentNativeLibraryException">
    /// The native libraries cannot be loaded; the message says why, what was tried and what to do. Later calls throw
    /// an exception with the same message.
    /// </exception>
    internal static void EnsureLoaded()
    {
        if (s_loaded)
        {
            return;
        }

        lock (s_gate)
        {
            if (s_loaded)
            {
                return;
            }

            if (s_failure is not null)
            {
                throw new RecurrentNativeLibraryException(s_failure.Message, s_failure.InnerException);
            }

            try
            {
                Load();
                s_loaded = true;
            }
            catch (RecurrentNativeLibraryException e)
            {
                s_failure = e;
                throw;
            }
        }
    }

    /// <summary>Whether an environment variable value disables the workaround.</summary>
    /// <param name="value">The value of <see cref="OptOutVariable"/>, or <see langword="null"/> when unset.</param>
    /// <returns><see langword="true"/> for <c>0</c> and <c>false</c> (any case, surrounding spaces ignored).</returns>
    internal static bool IsPatchingDisabled(string? value) =>
        value is not null && (value.Trim() == "0" || value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>Prepares the libraries (Linux only), then initialises TorchSharp so that failures surface here.</summary>
    private static void Load()
    {
        var report = new NativeLoadReport();
        Assembly torchSharp = typeof(torch).Assembly;
        string waitPolicy = OpenMpWaitPolicy.Apply();
        string mallocThresholds = MallocTuning.Apply();
        if (OperatingSystem.IsLinux())
        {
            bool disabled = IsPatchingDisabled(Environment.GetEnvironmentVariable(OptOutVariable));
            IntPtr handle = LibTorchSharpPatch.Prepare(torchSharp.Location, disabled, report, out string? patchedPath);
            if (handle != IntPtr.Zero)
            {
                s_patchedHandle = handle;
                PatchedLibraryPath = patchedPath;
                RegisterResolver(torchSharp, report);
            }
        }
        else
        {
            report.Action = "not patched because the GLIBCXX workaround only applies to Linux";
        }

        Report = report.ToString() + Environment.NewLine + waitPolicy + Environment.NewLine + mallocThresholds;
        try
        {
            // LoadNativeBackend only probes; the tensor makes a real P/Invoke call into LibTorchSharp.
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.zeros(1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RecordLoaderError(report);
            throw report.ToException(
                TorchNativeLocator.LibTorchSharpFileName, "TorchSharp failed to initialise its CPU backend", e);
        }
    }

    /// <summary>
    /// After a failure with the shipped library, loads it once more by full path to record the dynamic loader's own
    /// reason (e.g. <c>version `GLIBCXX_3.4.32' not found</c>), which TorchSharp's error does not show.
    /// </summary>
    /// <param name="report">Receives the loader's message.</param>
    private static void RecordLoaderError(NativeLoadReport report)
    {
        if (PatchedLibraryPath is not null || report.ShippedPath is null)
        {
            return;
        }

        try
        {
            NativeLibrary.Free(NativeLibrary.Load(report.ShippedPath));
            report.Files.Add($"{report.ShippedPath} (loads by full path)");
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            report.LoaderError = e.Message;
            report.Files.Add($"{report.ShippedPath} (load failed, see the dynamic loader's message above)");
        }
    }

    /// <summary>Registers <see cref="Resolve"/> for TorchSharp's assembly, tolerating a resolver set by the application.</summary>
    /// <param name="torchSharp">TorchSharp's assembly.</param>
    /// <param name="report">Receives a note when another resolver is already registered.</param>
    private static void RegisterResolver(Assembly torchSharp, NativeLoadReport report)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone else owns TorchSharp's resolver. The copy is loaded, so the default probing still finds it:
            // dlopen("libLibTorchSharp.so") matches the loaded copy's SONAME.
            report.Action += "; TorchSharp already had a DllImportResolver, so the copy is found by its SONAME instead";
        }
    }

    /// <summary>Returns the patched copy for TorchSharp's <c>LibTorchSharp</c>; default probing for anything else.</summary>
    /// <param name="libraryName">The name in the <c>DllImport</c> attribute.</param>
    /// <param name="assembly">The importing assembly (TorchSharp).</param>
    /// <param name="searchPath">The import's search path, unused.</param>
    /// <returns>The handle, or <see cref="IntPtr.Zero"/> to let the runtime probe as usual.</returns>
    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName is "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" ? s_patchedHandle : IntPtr.Zero;
}
