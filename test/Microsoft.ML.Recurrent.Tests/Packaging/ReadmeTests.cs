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

    [Fact]
    public void Quickstart_AsWritten_IsUnder20LinesAndCompilesInAConsoleApp()
    {
        var quickstart = Quickstart(RepositoryFiles.Read("README.md"));

        quickstart.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCountLessThan(20);
        CSharpCompiler.ConsoleAppErrors([("Program.cs", quickstart)]).Should().BeEmpty();
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
