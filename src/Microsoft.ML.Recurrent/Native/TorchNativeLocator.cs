using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Lists the folders where TorchSharp's native files can be, for every way an application can be run:
/// the host's native search folders (from <c>deps.json</c>; covers <c>dotnet run</c>, <c>dotnet test</c> and
/// package consumers, including natives resolved straight from the NuGet cache), the application folder and its
/// <c>runtimes/&lt;rid&gt;/native</c> folder (build output, published and self-contained apps), and the folders
/// around <c>TorchSharp.dll</c> (including its NuGet package layout).
/// </summary>
internal static class TorchNativeLocator
{
    /// <summary>The file name of TorchSharp's native bridge library on Linux.</summary>
    public const string LibTorchSharpFileName = "libLibTorchSharp.so";

    /// <summary>The runtime identifier folder TorchSharp's Linux natives are published under, e.g. <c>linux-x64</c>.</summary>
    public static string LinuxRid => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    /// <summary>Returns the candidate folders, most specific first, without duplicates, whether or not they exist.</summary>
    /// <param name="torchSharpAssemblyLocation">The path of <c>TorchSharp.dll</c> (empty for single-file apps).</param>
    /// <returns>Absolute folder paths without a trailing separator.</returns>
    public static IReadOnlyList<string> CandidateFolders(string torchSharpAssemblyLocation)
    {
        var folders = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            folders.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        string nativeSubfolder = Path.Combine("runtimes", LinuxRid, "native");
        folders.Add(Path.Combine(AppContext.BaseDirectory, nativeSubfolder));
        folders.Add(AppContext.BaseDirectory);
        string? torchSharpFolder = string.IsNullOrEmpty(torchSharpAssemblyLocation) ? null : Path.GetDirectoryName(torchSharpAssemblyLocation);
        if (torchSharpFolder is not null)
        {
            folders.Add(Path.Combine(torchSharpFolder, nativeSubfolder));
            folders.Add(torchSharpFolder);

            // NuGet cache layout: torchsharp/<version>/lib/<tfm>/TorchSharp.dll next to torchsharp/<version>/runtimes/.
            if (string.Equals(Path.GetFileName(Path.GetDirectoryName(torchSharpFolder)), "lib", StringComparison.OrdinalIgnoreCase))
            {
                folders.Add(Path.Combine(torchSharpFolder, "..", "..", nativeSubfolder));
            }
        }

        return folders
            .Where(f => f.Length > 0)
            .Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Finds the first folder holding <paramref name="fileName"/>, trying <paramref name="preferred"/> first.</summary>
    /// <param name="fileName">A file name such as <c>libtorch.so</c>.</param>
    /// <param name="folders">The candidate folders, in order.</param>
    /// <param name="preferred">A folder to try before the others (the one holding <c>libLibTorchSharp.so</c>), or <see langword="null"/>.</param>
    /// <returns>The full path of the file, or <see langword="null"/> when no folder holds it.</returns>
    public static string? FindFile(string fileName, IEnumerable<string> folders, string? preferred = null)
    {
        var ordered = preferred is null ? folders : new[] { preferred }.Concat(folders);
        return ordered.Select(folder => Path.Combine(folder, fileName)).FirstOrDefault(File.Exists);
    }
}
