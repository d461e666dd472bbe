using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Packaging;

/// <summary>
/// Microsoft.ML.Recurrent packed once per test run with <c>dotnet pack</c>, into a temporary local feed (its own
/// artifacts folder, so the work tree's bin/ and obj/ are not touched).
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recurrent-pack-").FullName;

    public PackedPackage()
    {
        Feed = Path.Combine(_folder, "feed");
        var (exitCode, output) = ChildProcess.Run("dotnet",
            ["pack", RepositoryFiles.LibraryProject, "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(_folder, "artifacts"),
             "-nologo", "--disable-build-servers"],
            TimeSpan.FromMinutes(10));
        PackOutput = output;
        if (exitCode != 0)
            throw new InvalidOperationException($"dotnet pack failed with exit code {exitCode}:{Environment.NewLine}{output}");

        var packages = Directory.GetFiles(Feed, "Microsoft.ML.Recurrent.*.nupkg");
        if (packages.Length != 1)
            throw new InvalidOperationException($"Expected one Microsoft.ML.Recurrent .nupkg in {Feed}, found [{string.Join(", ", packages)}].");
        PackagePath = packages[0];
        SymbolsPath = Path.ChangeExtension(PackagePath, ".snupkg");
        Entries = ReadEntries(PackagePath);
        SymbolEntries = File.Exists(SymbolsPath) ? ReadEntries(SymbolsPath) : [];
        using var zip = ZipFile.OpenRead(PackagePath);
        using var nuspec = zip.GetEntry("Microsoft.ML.Recurrent.nuspec")!.Open();
        Nuspec = XDocument.Load(nuspec);
    }

    /// <summary>The local folder feed holding the .nupkg and .snupkg.</summary>
    public string Feed { get; }

    public string PackagePath { get; }

    public string SymbolsPath { get; }

    public string PackOutput { get; }

    /// <summary>Every file in the .nupkg, with '/' separators.</summary>
    public string[] Entries { get; }

    /// <summary>Every file in the .snupkg (empty when there is none).</summary>
    public string[] SymbolEntries { get; }

    public XDocument Nuspec { get; }

    /// <summary>The nuspec's metadata element named <paramref name="name"/>, or null.</summary>
    public XElement? Metadata(string name)
        => Nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata").Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public byte[] ReadEntry(string name)
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static string[] ReadEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray();
    }
}

/// <summary>The tests that share one packed package.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "Packed package";
}
