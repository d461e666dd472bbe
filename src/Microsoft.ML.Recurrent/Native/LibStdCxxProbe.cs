using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Finds the <c>libstdc++.so.6</c> that the dynamic loader binds native libraries to in this process and reads the
/// symbol versions it defines (its <c>SHT_GNU_verdef</c> section), without spawning a process.
/// </summary>
/// <remarks>
/// The .NET host and runtime link <c>libstdc++.so.6</c>, so it is normally already mapped: its path in
/// <c>/proc/self/maps</c> is exactly the file every later <c>dlopen</c> reuses. Only when it is not mapped are
/// <c>LD_LIBRARY_PATH</c> and the usual library folders searched.
/// </remarks>
internal sealed class LibStdCxxProbe
{
    /// <summary>The SONAME of the GNU C++ runtime library.</summary>
    public const string SoName = "libstdc++.so.6";

    /// <summary>Creates a probe result.</summary>
    /// <param name="path">The inspected file, or <see langword="null"/>.</param>
    /// <param name="definedVersions">The versions the file defines.</param>
    /// <param name="tried">Every location looked at.</param>
    /// <param name="problem">Why no versions are known, or <see langword="null"/>.</param>
    private LibStdCxxProbe(string? path, IReadOnlyCollection<string> definedVersions, IReadOnlyList<string> tried, string? problem)
    {
        Path = path;
        DefinedVersions = definedVersions;
        Tried = tried;
        Problem = problem;
    }

    /// <summary>The <c>libstdc++.so.6</c> inspected, or <see langword="null"/> when none was found.</summary>
    public string? Path { get; }

    /// <summary>The version names the library defines, e.g. <c>GLIBCXX_3.4.30</c>; empty when unknown.</summary>
    public IReadOnlyCollection<string> DefinedVersions { get; }

    /// <summary>The locations looked at, in order, for diagnostics.</summary>
    public IReadOnlyList<string> Tried { get; }

    /// <summary>Why the library's versions are unknown, or <see langword="null"/> when <see cref="IsKnown"/>.</summary>
    public string? Problem { get; }

    /// <summary>Whether a library was found and its version definitions read.</summary>
    public bool IsKnown => Problem is null;

    /// <summary>The highest <c>GLIBCXX_*</c> version defined, e.g. <c>GLIBCXX_3.4.30</c>, or <see langword="null"/>.</summary>
    public string? HighestGlibcxx => DefinedVersions
        .Where(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal))
        .Select(v => (Name: v, Parsed: Version.TryParse(v.AsSpan("GLIBCXX_".Length), out var parsed) ? parsed : null))
        .Where(v => v.Parsed is not null)
        .OrderByDescending(v => v.Parsed)
        .Select(v => v.Name)
        .FirstOrDefault();

    /// <summary>Whether the library is known to define <paramref name="versionName"/>.</summary>
    /// <param name="versionName">A version such as <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns><see langword="true"/> only when the library was read and defines the version.</returns>
    public bool Provides(string versionName) => DefinedVersions.Contains(versionName, StringComparer.Ordinal);

    /// <summary>Probes the current process (Linux only; elsewhere the result is unknown).</summary>
    /// <returns>The probe result; never throws for I/O problems.</returns>
    public static LibStdCxxProbe Probe()
    {
        var tried = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            return new LibStdCxxProbe(null, Array.Empty<string>(), tried, "not running on Linux");
        }

        string? path = null;
        try
        {
            tried.Add("/proc/self/maps");
            path = FindInProcessMaps(File.ReadAllText("/proc/self/maps"));
            tried[^1] += path is null ? $" (no {SoName} mapped)" : $" (mapped: {path})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            tried[^1] += $" (unreadable: {e.Message})";
        }

        foreach (string folder in path is null ? SearchFolders() : Array.Empty<string>())
        {
            string candidate = System.IO.Path.Combine(folder, SoName);
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                path = candidate;
                break;
            }
        }

        return path is null
            ? new LibStdCxxProbe(null, Array.Empty<string>(), tried, $"no {SoName} is mapped in this process or present in: {string.Join(", ", tried.Skip(1))}")
            : Read(path, tried);
    }

    /// <summary>Reads the version definitions of a given library file.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="tried">The locations looked at before, kept for diagnostics.</param>
    /// <returns>The probe result for that file.</returns>
    internal static LibStdCxxProbe Read(string path, IReadOnlyList<string> tried)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            return ElfReader.TryReadDefinedVersions(bytes, out var names, out string? problem)
                ? new LibStdCxxProbe(path, names, tried, names.Count == 0 ? $"{path} defines no symbol versions" : null)
                : new LibStdCxxProbe(path, Array.Empty<string>(), tried, $"{path}: {problem}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LibStdCxxProbe(path, Array.Empty<string>(), tried, $"{path} could not be read: {e.Message}");
        }
    }

    /// <summary>Finds the mapped <c>libstdc++.so.6*</c> file in the text of <c>/proc/self/maps</c>.</summary>
    /// <param name="maps">Lines of the form <c>address perms offset dev inode path</c>.</param>
    /// <returns>The mapped file's path, or <see langword="null"/>.</returns>
    internal static string? FindInProcessMaps(string maps)
    {
        foreach (string line in maps.Split('\n'))
        {
            // Addresses, permissions and device numbers contain no '/', so the path starts at the first one.
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            string path = line.Substring(slash).TrimEnd();
            if (System.IO.Path.GetFileName(path).StartsWith(SoName, StringComparison.Ordinal) && File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The folders the dynamic loader searches, in its order: <c>LD_LIBRARY_PATH</c>, then the system folders.</summary>
    /// <returns>Candidate folders.</returns>
    private static IEnumerable<string> SearchFolders()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        string triple = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        return (fromEnvironment ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(new[] { $"/lib/{triple}", $"/usr/lib/{triple}", "/lib64", "/usr/lib64", "/lib", "/usr/lib" })
            .Distinct(StringComparer.Ordinal);
    }
}
