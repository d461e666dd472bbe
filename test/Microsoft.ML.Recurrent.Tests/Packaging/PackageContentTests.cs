using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Packaging;

/// <summary>What <c>dotnet pack</c> of the library produces: everything a consumer needs, and nothing it must not carry.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageContentTests(PackedPackage package)
{
    /// <summary>What the trainers' XML doc examples take as given.</summary>
    private const string ExamplePreamble = """
        using Microsoft.ML;
        using Microsoft.ML.Recurrent;
        IDataView trainingData = null!, validationData = null!, testData = null!;
        float nextValue = 0;

        """;

    private static readonly string[] OpcFiles = ["_rels/.rels", "[Content_Types].xml"];

    [Fact]
    public void Pack_Library_ContainsOnlyAssemblyDocsReadmeIconAndLicense()
    {
        var files = package.Entries.Except(OpcFiles).Where(e => !e.StartsWith("package/services/metadata/", StringComparison.Ordinal));

        files.Should().BeEquivalentTo(
            "Microsoft.ML.Recurrent.nuspec",
            "README.md",
            "icon.png",
            "LICENSE.txt",
            "lib/net10.0/Microsoft.ML.Recurrent.dll",
            "lib/net10.0/Microsoft.ML.Recurrent.xml");
    }

    [Fact]
    public void Pack_Library_DependsOnMicrosoftML50AndTorchSharp0107Only()
    {
        var groups = package.Metadata("dependencies")!.Elements().ToArray();

        groups.Should().ContainSingle().Which.Attribute("targetFramework")!.Value.Should().Be("net10.0");
        groups[0].Elements().Select(d => $"{d.Attribute("id")!.Value} {d.Attribute("version")!.Value}").Should().Equal(
            "Microsoft.ML [5.0.1, 5.1.0)",
            "TorchSharp [0.107.0, 0.108.0)");
    }

    [Fact]
    public void Pack_Library_CarriesNoCoreFacadeNoNativeFilesAndReferencesTheRealMicrosoftMLCore()
    {
        package.Entries.Should().NotContain(e => e.EndsWith("Microsoft.ML.Core.dll", StringComparison.OrdinalIgnoreCase), "the facade is compile-time only");
        package.Entries.Should().NotContain(e => e.StartsWith("runtimes/", StringComparison.Ordinal) || e.EndsWith(".so", StringComparison.Ordinal),
            "libtorch comes from the application's TorchSharp-cpu or CUDA package");
        package.Entries.Should().NotContain(e => e.StartsWith("build", StringComparison.Ordinal), "the native fix and the model loader need no MSBuild files");
        package.Nuspec.ToString().Should().NotContain("CoreFacade");

        using var pe = new PEReader(new MemoryStream(package.ReadEntry("lib/net10.0/Microsoft.ML.Recurrent.dll")));
        var metadata = pe.GetMetadataReader();
        var core = metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Where(r => metadata.GetString(r.Name) == "Microsoft.ML.Core").ToArray();

        // The facade's 0.0.0.0 (for the LoadableClass attribute) and the real 1.0.0.0: both bind at run time to
        // Microsoft.ML 5.0.1's Microsoft.ML.Core 1.0.0.0, which has the same name and key and a version at least as high.
        core.Select(r => r.Version).Should().BeEquivalentTo([new Version(0, 0, 0, 0), new Version(1, 0, 0, 0)]);
        core.Select(r => Convert.ToHexString(metadata.GetBlobBytes(r.PublicKeyOrToken))).Should().AllBe("CC7B13FFCD2DDD51");
    }

    [Fact]
    public void Pack_Library_HasIdVersionLicenseReadmeIconRepositoryAndDescription()
    {
        var version = Regex.Match(RepositoryFiles.Read("nuget", "Package.props"), "<VersionPrefix>(.+)</VersionPrefix>").Groups[1].Value;

        package.Metadata("id")!.Value.Should().Be("Microsoft.ML.Recurrent");
        package.Metadata("version")!.Value.Should().Be(version).And.StartWith("0.1.0");
        Path.GetFileName(package.PackagePath).Should().Be($"Microsoft.ML.Recurrent.{version}.nupkg");
        package.Metadata("license")!.Attribute("type")!.Value.Should().Be("expression");
        package.Metadata("license")!.Value.Should().Be("MIT");
        package.Metadata("readme")!.Value.Should().Be("README.md");
        package.Metadata("icon")!.Value.Should().Be("icon.png");
        package.Metadata("authors")!.Value.Should().NotBeNullOrWhiteSpace();
        package.Metadata("description")!.Value.Should().Contain("LSTM").And.Contain("TorchSharp-cpu");
        package.Metadata("tags")!.Value.Split(' ').Should().Contain(["ML.NET", "LSTM", "GRU", "RNN", "TorchSharp"]);
        var repository = package.Metadata("repository")!;
        repository.Attribute("type")!.Value.Should().Be("git");
        repository.Attribute("commit")!.Value.Should().MatchRegex("^[0-9a-f]{40}$");
    }

    [Fact]
    public void Pack_Library_ShipsTheNuGetReadmeAndAPngIcon()
    {
        package.ReadEntry("README.md").Should().Equal(File.ReadAllBytes(RepositoryFiles.Get("nuget", "README.md")));
        package.ReadEntry("LICENSE.txt").Should().Equal(File.ReadAllBytes(RepositoryFiles.Get("nuget", "LICENSE.txt")));
        var icon = package.ReadEntry("icon.png");
        icon.Take(8).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        (BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(icon.AsSpan(20))).Should().Be((128, 128), "the icon is 128x128");
    }

    [Fact]
    public void Pack_Library_ProducesASymbolsPackageWithThePdb()
    {
        File.Exists(package.SymbolsPath).Should().BeTrue("IncludeSymbols with SymbolPackageFormat snupkg");
        package.SymbolEntries.Should().Contain("lib/net10.0/Microsoft.ML.Recurrent.pdb");
    }

    [Fact]
    public void Pack_Library_XmlDocsDescribeEveryPublicTypeAndTheTrainersColumnsAndExamples()
    {
        var docs = XDocument.Parse(System.Text.Encoding.UTF8.GetString(package.ReadEntry("lib/net10.0/Microsoft.ML.Recurrent.xml")));
        var members = docs.Descendants("member").ToDictionary(m => m.Attribute("name")!.Value);

        foreach (var type in typeof(RecurrentCatalog).Assembly.GetExportedTypes())
            members.Should().ContainKey("T:" + type.FullName!.Replace('+', '.'), "every public type is documented");
        foreach (var trainer in new[] { typeof(RecurrentBinaryClassificationTrainer), typeof(RecurrentMulticlassClassificationTrainer), typeof(RecurrentRegressionTrainer), typeof(RecurrentForecastingEstimator) })
        {
            var member = members["T:" + trainer.FullName];
            member.Element("remarks")!.Descendants("listheader").Should().ContainSingle("{0} has an input/output column table", trainer.Name);
            var code = member.Element("example")?.Element("code")?.Value;
            code.Should().NotBeNull("{0} has an example with code", trainer.Name);
            CSharpCompiler.ConsoleAppErrors([("Example.cs", ExamplePreamble + code)]).Should().BeEmpty("the example of {0} compiles", trainer.Name);
        }
    }
}
