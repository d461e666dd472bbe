using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Runtime;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

/// <summary>Runs alone: its tests measure this process's resident memory, page faults or other processes' CPU time.</summary>
[CollectionDefinition(nameof(HeapTrimmerTests), DisableParallelization = true)]
public class HeapTrimmerCollection
{
}

[Collection(nameof(HeapTrimmerTests))]
public class HeapTrimmerTests
{
    [Theory]
    [InlineData(56L << 20, 45L << 20, false)]    // a healthy training process: a few batches' buffers free for reuse
    [InlineData(56L << 20, 1800L << 20, true)]   // the hoarding seen in soak runs: free bytes far beyond use
    [InlineData(2048L << 20, 900L << 20, false)] // a large model: much free memory, but less than it uses
    [InlineData(10L << 20, 120L << 20, false)]   // below the minimum worth a trim
    public void ShouldTrim_OnlyWhenFreeBytesExceedTheMinimumAndTheBytesInUse(long inUse, long free, bool expected)
    {
        HeapTrimmer.ShouldTrim(inUse, free).Should().Be(expected);
    }

    [Theory]
    [InlineData(60L << 20, 1700L << 20, 0L, false)]            // the first epoch: the size the steps need is not known yet
    [InlineData(60L << 20, 1700L << 20, 1760L << 20, false)]   // M4 hourly's kept heap after every step: what the steps need
    [InlineData(60L << 20, 2600L << 20, 1760L << 20, false)]   // a later, larger batch: grown, but not doubled
    [InlineData(60L << 20, 3600L << 20, 1760L << 20, true)]    // more than doubled since the first epoch: hoarding
    [InlineData(60L << 20, 300L << 20, 100L << 20, true)]      // a small run's heap tripled
    [InlineData(60L << 20, 100L << 20, 40L << 20, false)]      // doubled, but below the minimum worth a trim
    [InlineData(900L << 20, 800L << 20, 500L << 20, false)]    // doubled, but less free than in use
    public void ShouldTrimKeptHeap_OnlyWhenTheHeapMoreThanDoubledSinceTheFirstEpoch(long inUse, long free, long baseline, bool expected)
    {
        HeapTrimmer.ShouldTrimKeptHeap(inUse, free, baseline).Should().Be(expected);
    }

    [Fact]
    public void TrimIfHoarding_FragmentedFreeMemory_ReturnsItToTheSystem()
    {
        if (!OperatingSystem.IsLinux() || MallocTuning.Applied)   // raised thresholds lay the fragmenting blocks out differently
            return;

        var pinned = Fragment();
        long before = ResidentBytes();
        bool trimmed = HeapTrimmer.TrimIfHoarding(HeapTrimmer.ShouldTrim, out _, out _);
        long after = ResidentBytes();
        Release(pinned);

        trimmed.Should().BeTrue();
        (before - after).Should().BeGreaterThan(200L << 20, "the free pages between the live blocks go back to the system");
    }

    [Fact]
    public void HoardingWarning_Figures_SaysWhatWasSeenWhyAndTheRemedies()
    {
        string message = HeapTrimmer.HoardingWarning("2.36", 56L << 20, 1800L << 20);

        message.Should().Contain("glibc 2.36").And.Contain("1800 MiB free").And.Contain("56 MiB in use")
            .And.Contain("bug 14581").And.Contain("GLIBC_TUNABLES=glibc.malloc.tcache_count=0")
            .And.Contain(HeapTrimmer.OptOutVariable + "=0");
    }

    [Fact]
    public void HoardingWarning_ThreadCacheAlreadyOff_DoesNotOfferItAsTheRemedy()
    {
        string message = HeapTrimmer.HoardingWarning("2.36", 56L << 20, 1800L << 20, tcacheOff: true);

        message.Should().Contain("thread cache is off").And.Contain("please report it")
            .And.NotContain("start the process with").And.Contain(HeapTrimmer.OptOutVariable + "=0");
    }

    [Fact]
    public void LibcVersion_OnGlibc_ReturnsAVersionNumber()
    {
        if (!OperatingSystem.IsLinux())
            return;

        HeapTrimmer.LibcVersion().Should().MatchRegex(@"^\d+\.\d+");
    }

    [Fact]
    public void IsGlibc_WhereTheVersionCanBeRead_IsTrue()
    {
        HeapTrimmer.IsGlibc.Should().Be(OperatingSystem.IsLinux() && HeapTrimmer.LibcVersion() != "unknown");
    }

    /// <summary>400 MiB in 64 KiB blocks (below glibc's mmap threshold, so they live in an arena), all freed but every
    /// 64th: the live blocks pin the arena, so only malloc_trim can give the free pages back. Returns the live blocks.</summary>
    internal static List<IntPtr> Fragment()
    {
        var blocks = new List<IntPtr>();
        for (int i = 0; i < 6400; i++)
        {
            var block = Marshal.AllocHGlobal(64 << 10);
            Fill(block);
            blocks.Add(block);
        }

        var pinned = new List<IntPtr>();
        for (int i = 0; i < blocks.Count; i++)
        {
            if (i % 64 != 0)
                Marshal.FreeHGlobal(blocks[i]);
            else
                pinned.Add(blocks[i]);
        }

        return pinned;
    }

    internal static void Release(List<IntPtr> pinned)
    {
        foreach (var block in pinned)
            Marshal.FreeHGlobal(block);
    }

    private static unsafe void Fill(IntPtr block) => new Span<byte>((void*)block, 64 << 10).Fill(1);

    internal static long ResidentBytes()
        => long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
}
