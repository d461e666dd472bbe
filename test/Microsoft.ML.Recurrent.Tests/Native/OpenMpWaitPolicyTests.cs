using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

public class OpenMpWaitPolicyTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("ACTIVE", null, false)]
    [InlineData("passive", null, false)]
    [InlineData(null, "10000", false)]
    public void ShouldSet_ApplicationChoice_IsKept(string? policy, string? spinCount, bool expected)
        => OpenMpWaitPolicy.ShouldSet(policy, spinCount).Should().Be(expected);

    [Fact]
    public void EnsureLoaded_OnLinux_LibgompSeesAWaitPolicyAndTheReportSaysWhy()
    {
        TorchNativeLoader.EnsureLoaded();

        if (!System.OperatingSystem.IsLinux())
            return;
        OpenMpWaitPolicy.NativeValue(OpenMpWaitPolicy.Variable).Should().NotBeNull("either the application's value or PASSIVE is in the native environment");
        TorchNativeLoader.Report.Should().MatchRegex("OpenMP wait policy left|OMP_WAIT_POLICY=PASSIVE set before libtorch loaded");
    }
}
