using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

public sealed class PatchedLibraryCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recurrent-cache-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Store_SameContentTwice_ReturnsSamePathAndKeepsFile()
    {
        byte[] content = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        string first = PatchedLibraryCache.Store(_root, content, "libX.so");
        DateTime written = File.GetLastWriteTimeUtc(first);
        string second = PatchedLibraryCache.Store(_root, content, "libX.so");

        second.Should().Be(first);
        File.GetLastWriteTimeUtc(second).Should().Be(written, "an identical file is not rewritten");
        File.ReadAllBytes(first).Should().Equal(content);
        Path.GetFileName(first).Should().Be("libX.so");
        Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Should().ContainSingle("no temporary files are left");
    }

    [Fact]
    public void Store_DifferentContent_UsesDifferentContentAddressedFolders()
    {
        string a = PatchedLibraryCache.Store(_root, new byte[] { 1, 2, 3 }, "libX.so");
        string b = PatchedLibraryCache.Store(_root, new byte[] { 1, 2, 4 }, "libX.so");

        Path.GetDirectoryName(a).Should().NotBe(Path.GetDirectoryName(b));
        Path.GetFileName(Path.GetDirectoryName(a)).Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public void Store_CorruptExistingCopy_ReplacesIt()
    {
        byte[] content = { 9, 8, 7, 6 };
        string path = PatchedLibraryCache.Store(_root, content, "libX.so");
        File.WriteAllBytes(path, new byte[] { 0, 0 });

        string again = PatchedLibraryCache.Store(_root, content, "libX.so");

        again.Should().Be(path);
        File.ReadAllBytes(path).Should().Equal(content);
    }

    [Fact]
    public void Store_RootNotWritable_ThrowsIOOrUnauthorizedAccess()
    {
        string file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "not a folder");

        Action store = () => PatchedLibraryCache.Store(Path.Combine(file, "sub"), new byte[] { 1 }, "libX.so");

        store.Should().Throw<Exception>().Which.Should().Match<Exception>(e => e.GetType() == typeof(IOException) || e.GetType().IsSubclassOf(typeof(IOException)) || e.GetType() == typeof(UnauthorizedAccessException));
    }

    [Fact]
    public void CreatePrivateTemporaryRoot_OnUnix_IsOwnerOnly()
    {
        string root = PatchedLibraryCache.CreatePrivateTemporaryRoot();
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(root).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        finally
        {
            PatchedLibraryCache.TryDelete(root);
        }

        Directory.Exists(root).Should().BeFalse();
    }
}
