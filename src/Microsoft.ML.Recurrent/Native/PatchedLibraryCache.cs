using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Stores patched copies of native libraries under content-addressed names
/// (<c>&lt;root&gt;/&lt;first 32 hex digits of SHA-256 of the content&gt;/&lt;file name&gt;</c>), so that
/// concurrent processes and different TorchSharp versions never clash, and writes them atomically
/// (temporary file in the same folder, then rename).
/// </summary>
internal static class PatchedLibraryCache
{
    /// <summary>The folder, under a cache root, holding this library's native copies.</summary>
    private static readonly string s_subfolder = Path.Combine("Microsoft.ML.Recurrent", "native");

    /// <summary>
    /// The user's persistent cache roots: <c>$XDG_CACHE_HOME/Microsoft.ML.Recurrent/native</c> when that variable is
    /// an absolute path, otherwise <c>~/.cache/Microsoft.ML.Recurrent/native</c>.
    /// </summary>
    /// <returns>Zero or one root, not necessarily existing or writable.</returns>
    public static IReadOnlyList<string> PersistentRoots()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return new[] { Path.Combine(xdg, s_subfolder) };
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? Array.Empty<string>() : new[] { Path.Combine(home, ".cache", s_subfolder) };
    }

    /// <summary>
    /// Creates a new folder in the temporary folder that only the current user can write to (mode 0700), for when no
    /// persistent root is usable. A shared, predictable temporary folder is not used, because another user could
    /// place a library there that this process would then load.
    /// </summary>
    /// <returns>The new folder's path.</returns>
    public static string CreatePrivateTemporaryRoot() =>
        Directory.CreateTempSubdirectory("Microsoft.ML.Recurrent-native-").FullName;

    /// <summary>
    /// Returns the path of a file under <paramref name="root"/> holding exactly <paramref name="content"/>, writing it
    /// only when no identical file is there yet. Idempotent and safe against concurrent writers.
    /// </summary>
    /// <param name="root">The cache root; created when missing.</param>
    /// <param name="content">The bytes to store.</param>
    /// <param name="fileName">The file name to use, e.g. <c>libLibTorchSharp.so</c>.</param>
    /// <returns>The full path of the stored file.</returns>
    /// <exception cref="IOException">The root is not writable or the disk is full.</exception>
    /// <exception cref="UnauthorizedAccessException">The root is not writable.</exception>
    public static string Store(string root, ReadOnlySpan<byte> content, string fileName)
    {
        string hash = Convert.ToHexString(SHA256.HashData(content), 0, 16).ToLowerInvariant();
        string folder = Path.Combine(root, hash);
        string path = Path.Combine(folder, fileName);
        if (HasContent(path, content))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) replaces atomically: readers see either no file or a complete one, and processes that
            // already mapped an older file keep using it.
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            TryDelete(temporary);
        }

        return path;
    }

    /// <summary>Deletes a file or folder tree, ignoring failures (used for clean-up only).</summary>
    /// <param name="path">The file or folder to delete.</param>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is harmless.
        }
    }

    /// <summary>Whether <paramref name="path"/> exists and holds exactly <paramref name="content"/>.</summary>
    /// <param name="path">The file to compare.</param>
    /// <param name="content">The expected bytes.</param>
    /// <returns><see langword="false"/> when the file is missing, unreadable or different.</returns>
    private static bool HasContent(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
