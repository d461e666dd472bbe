using System;
using System.Linq;
using System.Diagnostics;
using System.IO;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Benchmarks;

public class BenchmarkProgramTests
{
    [Fact]
    public void QuickRun_EveryCase_RunsAndPrintsItsRatios()
    {
        var (exitCode, output) = Run(BenchmarkPath(), "--quick");

        exitCode.Should().Be(0, output);
        foreach (var expected in new[]
        {
            "| training LSTM 1→64", "| training GRU 10→128×2", "| training RNN 10→32", "| batch scoring LSTM 1→128×2",
            "| PredictionEngine latency", "| variable-length training", "| forecasting Fit", "| forecast engine Predict latency",
            "| training working set", "| PredictionEngine working set", "| peak working set training from a",
        })
        {
            output.Should().Contain(expected);
        }

        output.Should().NotContain("DIFFERENT", "the hand-written loop starts from the library's weights and batch order");
        output.Should().MatchRegex(@"\d+ of 1\d targets met; peak working set \d+ MiB\.");
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is null)
            output.Should().Contain("GLIBC_TUNABLES=glibc.malloc.tcache_count=0;").And.Contain("malloc mmap and trim thresholds raised to 1024 MiB",
                "the benchmark restarts itself with glibc's thread cache off, as the README recommends for training");
    }

    [Fact]
    public void BadArgument_ExitsWithUsage()
    {
        var (exitCode, output) = Run(BenchmarkPath(), "--threads", "0");

        exitCode.Should().Be(2);
        output.Should().Contain("--threads expects a positive integer, got '0'.").And.Contain("Usage:");
    }

    private static string BenchmarkPath()
    {
        var testDir = AppContext.BaseDirectory;
        var path = testDir.Replace(Path.Combine("test", "Microsoft.ML.Recurrent.Tests"), Path.Combine("bench", "Microsoft.ML.Recurrent.Benchmarks"), StringComparison.Ordinal);
        return Path.Combine(path, "Microsoft.ML.Recurrent.Benchmarks.dll");
    }

    private static (int ExitCode, string Output) Run(string dll, params string[] args)
        => Packaging.ChildProcess.Run("dotnet", args.Prepend(dll), TimeSpan.FromSeconds(600));
}
