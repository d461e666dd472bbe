using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Recurrent.Tests.Packaging;

/// <summary>
/// The consumer test, test/consumer/run.sh: a brand-new console app installs the package just packed from a local
/// feed, trains, evaluates and saves, loads and scores in a second process, and runs the README quickstart.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ConsumerTests(PackedPackage package, ITestOutputHelper output)
{
    /// <summary>Set to 1 by .ci/run: the full run takes about two minutes and writes 2 GB of build output to the temp folder.</summary>
    public const string EnableVariable = "RUN_CONSUMER_TEST";

    [Fact]
    public void ConsumerTest_RunShWhenEnabled_OtherwiseConsumerAppCompilesAgainstLibrary()
    {
        if (Environment.GetEnvironmentVariable(EnableVariable) != "1")
        {
            // Not the end-to-end run, and not silently nothing: the package was packed (the collection fixture) and
            // the consumer app's sources still compile against the library's current API.
            output.WriteLine($"{EnableVariable} is not 1: test/consumer/run.sh did not run; checked that its app compiles against the library.");
            var sources = Directory.GetFiles(RepositoryFiles.Get("test", "consumer", "app"), "*.cs")
                .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
            CSharpCompiler.ConsoleAppErrors(sources).Should().BeEmpty();
            return;
        }

        var (exitCode, text) = ChildProcess.Run("bash", [RepositoryFiles.Get("test", "consumer", "run.sh"), "--feed", package.Feed], TimeSpan.FromMinutes(20));

        output.WriteLine(text);
        exitCode.Should().Be(0, "test/consumer/run.sh reported:{0}{1}", Environment.NewLine, text);
        text.TrimEnd().Split('\n').Last().Should().StartWith("consumer test: PASS");
    }
}
