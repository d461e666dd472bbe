using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Packaging;

/// <summary>The README and the package README say what the code does: quickstart, install versions, options table.</summary>
public sealed class ReadmeTests
{
    /// <summary>The options table's estimator columns and the options class each one describes.</summary>
    private static readonly Dictionary<string, Type> EstimatorColumns = new()
    {
        ["binary"] = typeof(RecurrentBinaryClassificationOptions),
        ["multiclass"] = typeof(RecurrentMulticlassClassificationOptions),
        ["regression"] = typeof(RecurrentRegressionOptions),
        ["forecasting"] = typeof(RecurrentForecastingOptions),
    };

    private static readonly string[] OtherColumns = ["option", "meaning"];

    /// <summary>
    /// What each ```csharp block of the READMEs refers to but does not declare, keyed by the heading the block is under
    /// (with " / " and the block's first line when a heading has several blocks): global usings, statements put before
    /// the block and types put after it, so that the block compiles as a console app as written. A type that a comment of
    /// the block declares ("// class Fc { ... }") is in the types verbatim, so the comment compiles too.
    /// </summary>
    private static readonly Dictionary<string, (string Usings, string Before, string After)> SnippetPreambles = new()
    {
        ["Quickstart"] = ("", "", ""),
        ["Initial states"] = (
            "global using Microsoft.ML; global using Microsoft.ML.Data; global using Microsoft.ML.Recurrent;",
            """
            var ml = new MLContext(seed: 1);
            IDataView trainingData = ml.Data.LoadFromEnumerable(new[] { new Chunk() });
            var firstChunks = new List<Chunk> { new Chunk() };
            var secondChunks = new List<Chunk> { new Chunk() };
            """,
            "class Chunk { [VectorType] public float[] Features { get; set; } = []; [VectorType(32)] public float[] State { get; set; } = new float[32]; public bool Label { get; set; } }"),
        ["Forecasting"] = (
            "global using Microsoft.ML; global using Microsoft.ML.Data; global using Microsoft.ML.Recurrent;",
            "var history = new List<Obs> { new Obs { Value = 1 } };",
            "class Obs { public float Value { get; set; } } class Fc { public float[] Forecast = [], Lower = [], Upper = []; }"),
    };

    [Fact]
    public void Quickstart_AsWritten_IsUnder20LinesAndCompilesInAConsoleApp()
    {
        var quickstart = Quickstart(RepositoryFiles.Read("README.md"));

        quickstart.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCountLessThan(20);
        CSharpCompiler.ConsoleAppErrors([("Program.cs", quickstart)]).Should().BeEmpty();
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("nuget", "README.md")]
    public void CSharpBlocks_WithTheirPreambles_CompileInAConsoleApp(params string[] path)
    {
        var blocks = CSharpBlocks(RepositoryFiles.Read(path));

        blocks.Should().NotBeEmpty();
        foreach (var (key, code) in blocks)
        {
            SnippetPreambles.Should().ContainKey(key, "every ```csharp block of {0} compiles with a preamble declaring what it refers to: add one for '{1}' to {2}.{3}",
                string.Join("/", path), key, nameof(ReadmeTests), nameof(SnippetPreambles));
            var (usings, before, after) = SnippetPreambles[key];
            var program = before + "\n" + code + "\n" + after + "\n";
            foreach (Match declared in Regex.Matches(code, @"//.*?\b(class \w+ \{.*\})\s*$", RegexOptions.Multiline))
                after.Should().Contain(declared.Groups[1].Value, "the type a comment of the block under '{0}' declares is compiled as written", key);
            CSharpCompiler.ConsoleAppErrors([("Usings.cs", usings), ("Program.cs", program)]).Should().BeEmpty("the block under '{0}' of {1} compiles:\n{2}", key, string.Join("/", path), program);
        }
    }

    [Fact]
    public void NuGetReadme_Quickstart_IsTheReadmeQuickstart()
        => Quickstart(RepositoryFiles.Read("nuget", "README.md")).Should().Be(Quickstart(RepositoryFiles.Read("README.md")));

    [Theory]
    [InlineData("README.md")]
    [InlineData("nuget", "README.md")]
    public void Install_PackageVersions_MatchThePackage(params string[] path)
    {
        var readme = RepositoryFiles.Read(path);
        var version = Regex.Match(RepositoryFiles.Read("nuget", "Package.props"), "<VersionPrefix>(.+)</VersionPrefix>").Groups[1].Value;

        readme.Should().Contain($"dotnet add package Microsoft.ML.Recurrent --version {version}");
        readme.Should().Contain("dotnet add package Microsoft.ML --version 5.0.1");
        readme.Should().Contain("dotnet add package TorchSharp-cpu --version 0.107.0");
        readme.Should().Contain("private or local feed");
    }

    [Fact]
    public void OptionsTable_EveryOptionAndDefaultPerEstimator_MatchesTheOptionsClasses()
    {
        var (header, rows) = OptionsTable(RepositoryFiles.Read("README.md"));
        var unknown = header.Except(OtherColumns).Except(EstimatorColumns.Keys).ToArray();
        unknown.Should().BeEmpty("each estimator column of the README's options table needs its options class in {0}.{1}", nameof(ReadmeTests), nameof(EstimatorColumns));

        foreach (var (column, type) in EstimatorColumns)
        {
            header.Should().Contain(column);
            var options = Activator.CreateInstance(type)!;
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToDictionary(p => p.Name);
            var documented = rows.Where(r => r[column] != "—").ToDictionary(r => Unquote(r["option"]), r => r[column]);

            documented.Keys.Should().BeEquivalentTo(properties.Keys, "the {0} column lists every option of {1}", column, type.Name);
            foreach (var (name, cell) in documented)
                FirstCode(cell).Should().Be(Format(properties[name].GetValue(options)), "the README's default of {0}.{1}", type.Name, name);
        }
    }

    [Fact]
    public void CatalogOverloads_PlainParameterDefaults_EqualTheOptionsDefaultsInTheTable()
    {
        var methods = new[] { typeof(RecurrentCatalog), typeof(RecurrentForecastingCatalog) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)).ToArray();
        var optionsOf = methods.Where(m => m.GetParameters().Length == 2 && typeof(RecurrentNetworkOptions).IsAssignableFrom(m.GetParameters()[1].ParameterType))
            .ToDictionary(m => m.GetParameters()[0].ParameterType, m => m.GetParameters()[1].ParameterType);
        var plain = methods.Where(m => !optionsOf.ContainsValue(m.GetParameters().Last().ParameterType)).ToArray();

        optionsOf.Values.Should().BeEquivalentTo(EstimatorColumns.Values, "every estimator of the table has an options overload");
        plain.Should().HaveCount(optionsOf.Count, "every estimator has one overload with plain parameters");
        foreach (var method in plain)
        {
            var optionsType = optionsOf[method.GetParameters()[0].ParameterType];
            var options = Activator.CreateInstance(optionsType)!;
            foreach (var parameter in method.GetParameters().Skip(1))
            {
                var property = optionsType.GetProperty(char.ToUpperInvariant(parameter.Name![0]) + parameter.Name[1..]);
                property.Should().NotBeNull("parameter {0} of {1}.{2} sets the option of the same name", parameter.Name, method.DeclaringType!.Name, method.Name);
                if (parameter.HasDefaultValue)
                    Format(parameter.DefaultValue).Should().Be(Format(property!.GetValue(options)), "the default of parameter {0} for {1}", parameter.Name, optionsType.Name);
            }
        }
    }

    /// <summary>The first ```csharp block under "## Quickstart".</summary>
    internal static string Quickstart(string markdown)
    {
        var match = Regex.Match(markdown, @"^## Quickstart\n.*?^```csharp\n(.*?)^```\n", RegexOptions.Multiline | RegexOptions.Singleline);
        match.Success.Should().BeTrue("the README has a ```csharp block under '## Quickstart'");
        return match.Groups[1].Value;
    }

    /// <summary>Every ```csharp block, keyed by the "## " heading it is under (with " / " and its first line when the
    /// heading has several).</summary>
    internal static List<(string Key, string Code)> CSharpBlocks(string markdown)
    {
        var blocks = new List<(string Heading, string Code)>();
        string heading = "";
        var lines = markdown.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
                heading = lines[i][3..].Trim();
            if (lines[i].TrimEnd() != "```csharp")
                continue;
            int end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            end.Should().BePositive("the ```csharp block at line {0} is closed", i + 1);
            blocks.Add((heading, string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }

        return blocks.Select(b => (blocks.Count(o => o.Heading == b.Heading) == 1 ? b.Heading : $"{b.Heading} / {b.Code.Split('\n')[0].Trim()}", b.Code)).ToList();
    }

    /// <summary>The table under "## Options": its header and its rows as header → cell.</summary>
    private static (string[] Header, List<Dictionary<string, string>> Rows) OptionsTable(string markdown)
    {
        var section = markdown[markdown.IndexOf("\n## Options\n", StringComparison.Ordinal)..];
        var lines = section.Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToArray();
        static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var header = Cells(lines[0]);
        var rows = lines.Skip(2).Select(l => header.Zip(Cells(l)).ToDictionary(p => p.First, p => p.Second)).ToList();
        rows.Should().NotBeEmpty();
        return (header, rows);
    }

    private static string FirstCode(string cell) => Regex.Match(cell, "`([^`]*)`").Groups[1].Value;

    private static string Unquote(string cell) => cell.Trim('`');

    /// <summary>A default as the README writes it.</summary>
    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        CancellationToken t when t == CancellationToken.None => "CancellationToken.None",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString()!,
    };
}
