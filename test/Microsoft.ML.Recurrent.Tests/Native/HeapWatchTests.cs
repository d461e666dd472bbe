using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Tests.Persistence;
using Microsoft.ML.Recurrent.Tests.TestData;
using Microsoft.ML.Runtime;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

[Collection(nameof(HeapTrimmerTests))]
public class HeapWatchTests
{
    /// <summary>The words that identify the fresh-memory message.</summary>
    private const string Hint = "freshly mapped memory";

    [Fact]
    public void AfterStep_HoardingTwiceInOneRun_TrimsOnCheckStepsAndWarnsOnce()
    {
        if (!OperatingSystem.IsLinux() || MallocTuning.Applied)   // raised thresholds keep the blocks these tests map
            return;

        using var ch = TrainingChannel(ChannelMessageKind.Warning, out var warnings);
        var watch = new HeapWatch();

        var pinned = HeapTrimmerTests.Fragment();
        long fragmented = HeapTrimmerTests.ResidentBytes();
        watch.AfterStep(HeapTrimmer.CheckEverySteps + 1, ch);   // not a check step: nothing
        long betweenChecks = HeapTrimmerTests.ResidentBytes();
        watch.AfterStep(HeapTrimmer.CheckEverySteps, ch);
        long firstCheck = HeapTrimmerTests.ResidentBytes();
        HeapTrimmerTests.Release(pinned);
        pinned = HeapTrimmerTests.Fragment();
        long fragmentedAgain = HeapTrimmerTests.ResidentBytes();
        watch.AfterStep(2 * HeapTrimmer.CheckEverySteps, ch);
        long secondCheck = HeapTrimmerTests.ResidentBytes();
        HeapTrimmerTests.Release(pinned);

        (fragmented - betweenChecks).Should().BeLessThan(100L << 20, "a step between checks does not trim");
        (betweenChecks - firstCheck).Should().BeGreaterThan(200L << 20, "a check step trims a hoarding heap");
        (fragmentedAgain - secondCheck).Should().BeGreaterThan(200L << 20, "and so does every later one");
        warnings.Should().ContainSingle("the first trim of a run warns and later ones do not")
            .Which.Should().Contain("is hoarding freed memory").And.Contain("GLIBC_TUNABLES=glibc.malloc.tcache_count=0");
    }

    [Fact]
    public void AfterStep_StepsMappingFreshMemory_SaysOnceHowToAvoidIt()
    {
        if (!OperatingSystem.IsLinux())
            return;

        using var ch = TrainingChannel(ChannelMessageKind.Info, out var infos);
        var watch = new HeapWatch();

        watch.AfterStep(HeapTrimmer.CheckEverySteps, ch);                  // the baseline
        watch.AfterStep(2 * HeapTrimmer.CheckEverySteps, ch);              // nothing mapped since: no hint
        for (int step = 0; step < HeapTrimmer.CheckEverySteps; step++)
            MapAndTouch(40 << 20);                                          // what a long-sequence step does
        watch.AfterStep(3 * HeapTrimmer.CheckEverySteps, ch);
        for (int step = 0; step < HeapTrimmer.CheckEverySteps; step++)
            MapAndTouch(40 << 20);
        watch.AfterStep(4 * HeapTrimmer.CheckEverySteps, ch);

        infos.Should().ContainSingle(m => m.Contains(Hint, StringComparison.Ordinal), "the hint is given once per run")
            .Which.Should().Contain("GLIBC_TUNABLES=glibc.malloc.tcache_count=0");
    }

    [Fact]
    public void MeasureFreshMemory_RightAfterATrim_StartsOverAtTheNextCheck()
    {
        if (!OperatingSystem.IsLinux())
            return;

        using var ch = TrainingChannel(ChannelMessageKind.Info, out var infos);
        var watch = new HeapWatch();
        int every = HeapTrimmer.CheckEverySteps;

        watch.MeasureFreshMemory(every, ch, trimmed: false);                 // the baseline
        watch.MeasureFreshMemory(2 * every, ch, trimmed: true);              // a trim: the next faults are not the steps' own
        for (int step = 0; step < every; step++)
            MapAndTouch(40 << 20);
        watch.MeasureFreshMemory(3 * every, ch, trimmed: false);             // so this check only sets a new baseline
        bool hintedRightAfterTheTrim = infos.Exists(m => m.Contains(Hint, StringComparison.Ordinal));
        for (int step = 0; step < every; step++)
            MapAndTouch(40 << 20);
        watch.MeasureFreshMemory(4 * every, ch, trimmed: false);

        hintedRightAfterTheTrim.Should().BeFalse();
        infos.Should().ContainSingle(m => m.Contains(Hint, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("glibc.malloc.tcache_count=0", 0)]
    public void Fit_InNewProcessWithLongSequences_HintsOnceOnlyWhenTheBuffersAreMapped(string tunables, int hints)
    {
        if (!HeapTrimmer.IsGlibc)
            return;

        // A process of its own: in this one, free blocks other tests left in malloc's bins can serve the 62.5 MiB
        // buffers without a fresh mapping, and then there is rightly no hint (two CI runs gave none that way). With
        // glibc's defaults the buffers are above its 32 MiB mmap threshold cap and are mapped afresh at every step;
        // with the thread cache off the library raises the thresholds and the heap keeps them.
        var (exitCode, output) = Packaging.ChildProcess.Run("dotnet", new[] { CrossProcessLoadTests.ScoringProcessPath(), "hint-training" },
            TimeSpan.FromSeconds(180), new Dictionary<string, string> { [MallocTuning.TunablesVariable] = tunables });

        exitCode.Should().Be(0, output);
        output.Should().Contain($"hints {hints}\n", "the hint is given once per run, and only when the steps map fresh memory");
        if (hints > 0)
            output.Should().Contain(Hint).And.Contain("GLIBC_TUNABLES=glibc.malloc.tcache_count=0");
    }

    [Fact]
    public void FreshMemoryHint_BytesPerStep_SaysWhatWasMeasuredWhyAndTheRemedy()
    {
        string message = HeapWatch.FreshMemoryHint(330L << 20);

        message.Should().Contain("about 330 MiB").And.Contain("mmap threshold").And.Contain("GLIBC_TUNABLES=glibc.malloc.tcache_count=0");
    }

    [Fact]
    public void FreshMemoryHint_ThresholdsAlreadyRaised_NamesTheSecondaryArenaAndItsRemedy()
    {
        string message = HeapWatch.FreshMemoryHint(132L << 20, thresholdsRaised: true);

        message.Should().Contain("about 132 MiB").And.Contain("secondary arenas").And.Contain("main thread")
            .And.Contain("GLIBC_TUNABLES=glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1");
    }

    [Fact]
    public void MinorFaults_OnLinux_CountsTouchedPages()
    {
        if (!OperatingSystem.IsLinux())
            return;

        long before = HeapWatch.MinorFaults();
        MapAndTouch(16 << 20);
        long after = HeapWatch.MinorFaults();

        before.Should().BeGreaterThan(0);
        (after - before).Should().BeGreaterThanOrEqualTo((16 << 20) / Environment.SystemPageSize / 2, "every page of a fresh mapping faults once");
    }

    /// <summary>A training channel of a new context; <paramref name="messages"/> collects what it logs of <paramref name="kind"/>.</summary>
    private static IChannel TrainingChannel(ChannelMessageKind kind, out List<string> messages)
    {
        var ml = new MLContext(1);
        messages = Messages(ml, kind);
        return ((IHostEnvironment)ml).Start("Training");
    }

    /// <summary>The messages of <paramref name="kind"/> that <paramref name="ml"/> logs from now on.</summary>
    private static List<string> Messages(MLContext ml, ChannelMessageKind kind)
    {
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == kind)
                messages.Add(e.Message);
        };
        return messages;
    }

    /// <summary>Maps <paramref name="size"/> bytes of fresh memory, writes every page and unmaps it, as glibc does for
    /// a large block (an anonymous mapping of its own, so that no free block malloc holds can serve it instead).</summary>
    private static void MapAndTouch(int size)
    {
        using var mapping = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateNew(null, size);
        using var view = mapping.CreateViewAccessor();
        for (long offset = 0; offset < size; offset += Environment.SystemPageSize)
            view.Write(offset, (byte)1);
    }
}
