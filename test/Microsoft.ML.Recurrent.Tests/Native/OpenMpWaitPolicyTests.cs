using System;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

/// <summary>Runs with the tests that measure this process alone: its busy-core reading must not overlap the child
/// processes other tests start (the consumer test builds an app).</summary>
[Collection(nameof(HeapTrimmerTests))]
public class OpenMpWaitPolicyTests
{
    [Theory]
    [InlineData(null, null, 1.9, 2, true)]
    [InlineData(null, null, 1.0, 2, false)]
    [InlineData(null, null, 1.5, 2, true)]
    [InlineData(null, null, 0.6, 2, false)]
    [InlineData(null, null, 0.9, 1, false)]
    [InlineData(null, null, 4.0, 8, false)]
    [InlineData(null, null, 6.0, 8, true)]
    [InlineData(null, null, null, 2, false)]
    [InlineData("ACTIVE", null, 9.0, 2, false)]
    [InlineData("passive", null, 0.1, 2, false)]
    [InlineData(null, "10000", 9.0, 2, false)]
    public void ShouldSet_ApplicationChoiceOrIdleMachine_IsLeftAlone(string? policy, string? spinCount, double? load, int cores, bool expected)
        => OpenMpWaitPolicy.ShouldSet(policy, spinCount, load, cores).Should().Be(expected);

    [Fact]
    public void BusyCoresElsewhere_WhileThisProcessSpins_DoesNotCountItsOwnTime()
    {
        if (!System.OperatingSystem.IsLinux())
            return;
        double? before = OpenMpWaitPolicy.BusyCoresElsewhere(System.TimeSpan.FromMilliseconds(300));
        bool stop = false;
        var spinner = new System.Threading.Thread(() =>
        {
            while (!System.Threading.Volatile.Read(ref stop))
                System.Threading.Thread.SpinWait(1000);
        });
        spinner.Start();

        double? busy = OpenMpWaitPolicy.BusyCoresElsewhere(System.TimeSpan.FromMilliseconds(300));
        System.Threading.Volatile.Write(ref stop, true);
        spinner.Join();

        // This process keeps a whole core busy, which must not count: other processes may use up to all cores but half of
        // one (the test runner's own child processes among them), or drift little from their share just before (so that
        // a machine busy with other work does not fail the test).
        before.Should().NotBeNull();
        busy.Should().NotBeNull().And.BeLessThan(Math.Max(System.Environment.ProcessorCount - 0.5, before!.Value + 0.5),
            "other processes kept {0:F2} cores busy just before", before);
    }

    [Fact]
    public void EnsureLoaded_OnLinux_TheReportSaysWhatWasDecided()
    {
        TorchNativeLoader.EnsureLoaded();

        if (!System.OperatingSystem.IsLinux())
            return;
        OpenMpWaitPolicy.BusyCoresElsewhere(System.TimeSpan.FromMilliseconds(50)).Should().NotBeNull("/proc/stat and /proc/self/stat are readable on Linux");
        TorchNativeLoader.Report.Should().MatchRegex("OpenMP wait policy left as it is|OMP_WAIT_POLICY=PASSIVE set before libtorch loaded");
    }
}
