using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

public class OpenMpWaitPolicyTests
{
    [Theory]
    [InlineData(null, null, 2.5, 2, true)]
    [InlineData(null, null, 1.2, 2, false)]
    [InlineData(null, null, null, 2, false)]
    [InlineData("ACTIVE", null, 9.0, 2, false)]
    [InlineData("passive", null, 0.1, 2, false)]
    [InlineData(null, "10000", 9.0, 2, false)]
    public void ShouldSet_ApplicationChoiceOrIdleMachine_IsLeftAlone(string? policy, string? spinCount, double? load, int cores, bool expected)
        => OpenMpWaitPolicy.ShouldSet(policy, spinCount, load, cores).Should().Be(expected);

    [Fact]
    public void EnsureLoaded_OnLinux_TheReportSaysWhatWasDecided()
    {
        TorchNativeLoader.EnsureLoaded();

        if (!System.OperatingSystem.IsLinux())
            return;
        OpenMpWaitPolicy.LoadAverage().Should().NotBeNull("/proc/loadavg is readable on Linux");
        TorchNativeLoader.Report.Should().MatchRegex("OpenMP wait policy left as it is|OMP_WAIT_POLICY=PASSIVE set before libtorch loaded");
    }
}
