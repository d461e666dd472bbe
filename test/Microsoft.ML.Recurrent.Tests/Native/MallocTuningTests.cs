using System;
using System.Collections.Generic;
using System.IO;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Tests.Persistence;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

public class MallocTuningTests
{
    [Theory]
    [InlineData(null, "glibc.malloc.tcache_count", null)]
    [InlineData("", "glibc.malloc.tcache_count", null)]
    [InlineData("glibc.malloc.tcache_count=0", "glibc.malloc.tcache_count", "0")]
    [InlineData("glibc.malloc.arena_max=1:glibc.malloc.tcache_count=0", "glibc.malloc.tcache_count", "0")]
    [InlineData("glibc.malloc.tcache_count=0:glibc.malloc.tcache_count=7", "glibc.malloc.tcache_count", "7")]
    [InlineData("glibc.malloc.tcache_count_x=0", "glibc.malloc.tcache_count", null)]
    [InlineData("glibc.malloc.mmap_threshold=1048576", "glibc.malloc.trim_threshold", null)]
    public void Tunable_EntriesSeparatedByColons_ReturnsTheLastValueOfTheName(string? tunables, string name, string? expected)
        => MallocTuning.Tunable(tunables, name).Should().Be(expected);

    [Theory]
    [InlineData(null, false)]
    [InlineData("glibc.malloc.tcache_count=0", true)]
    [InlineData("glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0", true)]
    [InlineData("glibc.malloc.tcache_count=1", false)]
    [InlineData("glibc.malloc.tcache_count=", false)]
    [InlineData("glibc.malloc.mxfast=0", false)]
    public void TcacheOff_OnlyWhenTheCountIsZero(string? tunables, bool expected)
        => MallocTuning.TcacheOff(tunables).Should().Be(expected);

    [Theory]
    [InlineData("glibc.malloc.tcache_count=0", null, null, true)]
    [InlineData(null, null, null, false)]
    [InlineData("glibc.malloc.tcache_count=7", null, null, false)]
    [InlineData("glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=65536", null, null, false)]
    [InlineData("glibc.malloc.tcache_count=0:glibc.malloc.trim_threshold=65536", null, null, false)]
    [InlineData("glibc.malloc.tcache_count=0", "65536", null, false)]
    [InlineData("glibc.malloc.tcache_count=0", null, "65536", false)]
    public void ShouldApply_TcacheOffAndNoThresholdChosen_IsTheOnlyCase(string? tunables, string? mmap, string? trim, bool expected)
        => MallocTuning.ShouldApply(tunables, mmap, trim).Should().Be(expected);

    [Fact]
    public void EnsureLoaded_WithoutTheTunable_LeavesTheThresholdsAndSaysWhy()
    {
        TorchNativeLoader.EnsureLoaded();

        if (!OperatingSystem.IsLinux() || MallocTuning.TcacheOff(Environment.GetEnvironmentVariable(MallocTuning.TunablesVariable)))
            return;
        MallocTuning.Applied.Should().BeFalse();
        TorchNativeLoader.Report.Should().Contain("malloc thresholds left as they are").And.Contain("glibc.malloc.tcache_count=0");
    }

    [Theory]
    [InlineData("glibc.malloc.tcache_count=0", true)]
    [InlineData("", false)]
    [InlineData("glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=131072", false)]
    public void ModelLoad_InNewProcess_KeepsFreedLargeBlocksOnlyWithTheThreadCacheOff(string tunables, bool kept)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var (model, folder, modelPath) = CrossProcessLoadTests.SaveSineForecaster(new MLContext(seed: 3), length: 60, epochs: 1);
        model.Dispose();

        var (exitCode, output) = Packaging.ChildProcess.Run("dotnet", new[] { CrossProcessLoadTests.ScoringProcessPath(), "heap", modelPath },
            TimeSpan.FromSeconds(120), new Dictionary<string, string> { [MallocTuning.TunablesVariable] = tunables });
        Directory.Delete(folder, recursive: true);

        exitCode.Should().Be(0, output);
        int mib = int.Parse(output[(output.IndexOf("kept ", StringComparison.Ordinal) + 5)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        if (kept)
            mib.Should().BeGreaterThan(48, "with the thresholds raised a freed 64 MiB block stays in the heap for the next step: " + output);
        else
            mib.Should().BeLessThan(16, "glibc's own thresholds give a freed 64 MiB block back to the system: " + output);
    }

    [Theory]
    [InlineData("glibc.malloc.tcache_count=0", true)]
    [InlineData("", false)]
    public void Fit_InNewProcess_KeepsWhatStepsFreeAtTheHeapTopUntilItReturns(string tunables, bool kept)
    {
        if (!OperatingSystem.IsLinux())
            return;

        var (exitCode, output) = Packaging.ChildProcess.Run("dotnet", new[] { CrossProcessLoadTests.ScoringProcessPath(), "heap-training" },
            TimeSpan.FromSeconds(120), new Dictionary<string, string> { [MallocTuning.TunablesVariable] = tunables });

        exitCode.Should().Be(0, output);
        var figures = System.Text.RegularExpressions.Regex.Match(output, @"kept (-?\d+) MiB during training, (-?\d+) MiB after");
        figures.Success.Should().BeTrue(output);
        int during = int.Parse(figures.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int after = int.Parse(figures.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (kept)
            during.Should().BeGreaterThan(1100, "1.2 GiB freed at the top of the heap during a run stays there for the next step, above the 1 GiB trim threshold: " + output);
        else
            during.Should().BeLessThan(100, "with glibc's own thresholds the 600 MiB blocks are mapped and unmapped: " + output);
        after.Should().BeLessThan(100, "the end of the run gives the kept memory back: " + output);
    }
}
