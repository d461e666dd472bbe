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

    [Fact]
    public void TrimIfHoarding_FragmentedFreeMemory_ReturnsItToTheSystem()
    {
        if (!OperatingSystem.IsLinux() || MallocTuning.Applied)   // then only more than 1 GiB free is trimmed
            return;

        var pinned = Fragment();
        long before = ResidentBytes();
        bool trimmed = HeapTrimmer.TrimIfHoarding(out _, out _);
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
