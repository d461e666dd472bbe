using System.Linq;
using FluentAssertions;
using global::Samples;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Recurrent.Tests.Samples;

/// <summary>Runs every sample in its quick setting and checks the sample's own success condition.</summary>
public class SampleCatalogTests
{
    private readonly ITestOutputHelper _output;

    public SampleCatalogTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var sample in SampleCatalog.All())
            names.Add(sample.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_QuickSetting_SucceedsOnItsOwnCondition(string name)
    {
        var sample = SampleCatalog.All().Single(s => s.Name == name);
        var console = new System.IO.StringWriter();
        var previous = System.Console.Out;
        System.Console.SetOut(console);
        SampleResult result;
        try
        {
            result = sample.Run(new SampleSettings(Quick: true));
        }
        finally
        {
            System.Console.SetOut(previous);
        }

        _output.WriteLine(console.ToString());
        result.Succeeded.Should().BeTrue(result.Summary);
    }

    [Fact]
    public void All_NamesAreUnique_AndEveryScenarioIsThere()
    {
        var names = SampleCatalog.All().Select(s => s.Name).ToList();
        names.Should().OnlyHaveUniqueItems();
        names.Should().Contain(new[] { "RnnCell", "Shapes", "Square", "SumOfSix", "Sine", "NextChar", "VariableLength", "LongSequence", "M4Hourly" });
    }
}
