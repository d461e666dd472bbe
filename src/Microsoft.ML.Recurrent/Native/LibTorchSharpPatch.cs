using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// The Linux half of <see cref="TorchNativeLoader"/>: decides whether TorchSharp's <c>libLibTorchSharp.so</c> needs
/// the <c>GLIBCXX_3.4.32</c> workaround and, if so, loads a patched copy from the cache folder. The shipped file
/// (in the build output or the NuGet cache) is only ever read.
/// </summary>
internal static class LibTorchSharpPatch
{
    /// <summary>libtorch's libraries that <c>libLibTorchSharp.so</c> needs, in dependency order. They are loaded from
    /// the original folder first, because the copy's <c>RUNPATH</c> (<c>$ORIGIN/</c>) points at the cache folder; the
    /// loader then matches the copy's <c>DT_NEEDED</c> entries to them by SONAME.</summary>
    private static readonly string[] s_dependencies = { "libc10.so", "libtorch_cpu.so", "libtorch.so" };

    /// <summary>
    /// Prepares and loads a patched copy when the system libstdc++ lacks <see cref="TorchNativeLoader.RequiredVersion"/>;
    /// otherwise does nothing, so the library is used exactly as shipped.
    /// </summary>
    /// <param name="torchSharpLocation">The path of <c>TorchSharp.dll</c> (empty for single-file apps).</param>
    /// <param name="patchingDisabled">Whether <see cref="TorchNativeLoader.OptOutVariable"/> disables patching.</param>
    /// <param name="report">Receives what was looked at and done.</param>
    /// <param name="patchedPath">The loaded patched copy, or <see langword="null"/> when nothing was patched.</param>
    /// <returns>The patched copy's handle, or <see cref="IntPtr.Zero"/> when nothing was patched.</returns>
    /// <exception cref="RecurrentNativeLibraryException">Patching was needed but a library could not be loaded.</exception>
    public static IntPtr Prepare(string torchSharpLocation, bool patchingDisabled, NativeLoadReport report, out string? patchedPath)
    {
        patchedPath = null;
        var folders = TorchNativeLocator.CandidateFolders(torchSharpLocation);
        string name = TorchNativeLocator.LibTorchSharpFileName;
        string? original = TorchNativeLocator.FindFile(name, folders);
        report.Folders.AddRange(folders.Select(f => $"{f} ({(File.Exists(Path.Combine(f, name)) ? "has" : "no")} {name})"));
        if (original is null)
        {
            report.Action = $"not patched because {name} was found in none of the folders searched";
            return IntPtr.Zero;
        }

        report.ShippedPath = original;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(original);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Action = $"not patched because {original} could not be read: {e.Message}";
            return IntPtr.Zero;
        }

        string required = TorchNativeLoader.RequiredVersion;
        report.Files.Add($"{original} (shipped file, read only)");
        if (!ElfVersionPatcher.TryNeedsVersionNonWeakly(bytes, required, out bool needed, out string? problem) || !needed)
        {
            report.Action = problem is null
                ? $"not patched because {original} does not need {required} (or needs it only weakly)"
                : $"not patched because {original} could not be parsed: {problem}";
            return IntPtr.Zero;
        }

        var probe = LibStdCxxProbe.Probe();
        report.LibStdCxx = probe;
        if (probe.Provides(required))
        {
            report.Action = $"not patched because the system libstdc++ ({probe.Path}) provides {required}; {name} is used exactly as shipped";
            return IntPtr.Zero;
        }

        report.MissingVersion = probe.IsKnown
            ? $"{name} needs {required}, but the system libstdc++ ({probe.Path}) provides at most {probe.HighestGlibcxx ?? "no GLIBCXX version"}"
            : $"{name} needs {required}; whether the system libstdc++ provides it is unknown ({probe.Problem})";
        if (patchingDisabled)
        {
            report.Action = $"not patched because {TorchNativeLoader.OptOutVariable}=0 disables the workaround";
            return IntPtr.Zero;
        }

        if (!ElfVersionPatcher.TryMarkVersionWeak(bytes, required, out problem))
        {
            report.Action = $"not patched because {original} could not be patched: {problem}";
            return IntPtr.Zero;
        }

        LoadDependencies(folders, Path.GetDirectoryName(original)!, report);
        return LoadPatchedCopy(bytes, name, report, out patchedPath);
    }

    /// <summary>Loads libtorch's libraries by full path from the folder holding the shipped file (or another candidate).</summary>
    /// <param name="folders">The candidate folders.</param>
    /// <param name="preferred">The folder holding the shipped <c>libLibTorchSharp.so</c>.</param>
    /// <param name="report">Receives each file tried.</param>
    private static void LoadDependencies(IReadOnlyList<string> folders, string preferred, NativeLoadReport report)
    {
        foreach (string dependency in s_dependencies)
        {
            string? path = TorchNativeLocator.FindFile(dependency, folders, preferred);
            if (path is null)
            {
                report.Files.Add($"{dependency} (looked for in every folder searched: not found)");
                report.Action = $"patched copy not loaded because libtorch's {dependency} was found in none of the folders searched";
                throw report.ToException(dependency, $"{dependency} is missing (the application references no libtorch native package)", null);
            }

            try
            {
                NativeLibrary.Load(path);
                report.Files.Add($"{path} (loaded)");
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                report.Files.Add($"{path} (load failed: {e.Message})");
                report.Action = $"patched copy not loaded because libtorch's {dependency} failed to load";
                throw report.ToException(dependency, $"{path} failed to load", e);
            }
        }
    }

    /// <summary>Stores the patched bytes in the first usable cache root and loads them, else in a private temporary folder.</summary>
    /// <param name="bytes">The patched file contents.</param>
    /// <param name="name">The file name to store under.</param>
    /// <param name="report">Receives each attempt.</param>
    /// <param name="patchedPath">The loaded copy's path.</param>
    /// <returns>The loaded copy's handle.</returns>
    private static IntPtr LoadPatchedCopy(byte[] bytes, string name, NativeLoadReport report, out string? patchedPath)
    {
        Exception? last = null;
        foreach (string root in PatchedLibraryCache.PersistentRoots())
        {
            if (TryStoreAndLoad(root, bytes, name, report, out patchedPath, out IntPtr handle, ref last))
            {
                report.Action = $"loaded the patched copy {patchedPath} ({TorchNativeLoader.RequiredVersion} marked weak); the shipped file is untouched";
                return handle;
            }
        }

        string temporary;
        try
        {
            temporary = PatchedLibraryCache.CreatePrivateTemporaryRoot();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report.Files.Add($"{Path.GetTempPath()} (no private folder could be created: {e.Message})");
            report.Action = "not patched because no cache folder was writable";
            throw report.ToException(name, "no writable folder for the patched copy", e);
        }

        bool loaded = TryStoreAndLoad(temporary, bytes, name, report, out patchedPath, out IntPtr temporaryHandle, ref last);

        // A loaded library stays mapped after its file is deleted, so the temporary copy leaves nothing behind.
        PatchedLibraryCache.TryDelete(temporary);
        if (!loaded)
        {
            report.Action = "a patched copy was prepared but could not be loaded from any cache folder";
            throw report.ToException(name, "the patched copy failed to load", last);
        }

        report.Action = $"loaded the patched copy {patchedPath} ({TorchNativeLoader.RequiredVersion} marked weak) from a private temporary folder, deleted after loading; the shipped file is untouched";
        return temporaryHandle;
    }

    /// <summary>Stores the patched bytes under one root and loads them.</summary>
    /// <param name="root">The cache root.</param>
    /// <param name="bytes">The patched file contents.</param>
    /// <param name="name">The file name.</param>
    /// <param name="report">Receives the attempt.</param>
    /// <param name="path">The stored file's path, when stored.</param>
    /// <param name="handle">The loaded library's handle, when loaded.</param>
    /// <param name="last">Receives the error of a failed attempt.</param>
    /// <returns>Whether the copy was stored and loaded.</returns>
    private static bool TryStoreAndLoad(
        string root, byte[] bytes, string name, NativeLoadReport report, out string? path, out IntPtr handle, ref Exception? last)
    {
        path = null;
        handle = IntPtr.Zero;
        try
        {
            path = PatchedLibraryCache.Store(root, bytes, name);
            handle = NativeLibrary.Load(path);
            report.Files.Add($"{path} (patched copy, loaded)");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or BadImageFormatException)
        {
            report.Files.Add($"{path ?? root} (patched copy, failed: {e.Message})");
            last = e;
            return false;
        }
    }
}
