using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Native;

public class PageAlignedAllocationTests
{
    [Fact]
    public void EnsureLoaded_OnLinux_LibTorchAllocatesLargeBuffersPageAligned()
    {
        if (!OperatingSystem.IsLinux())
            return;

        TorchNativeLoader.EnsureLoaded();

        // Buffers of 2 MiB and more (libtorch's huge-page threshold); with the default 64-byte alignment one in 64 would
        // start on a page by chance.
        var tensors = Enumerable.Range(1, 16).Select(i => zeros((2 << 20) / sizeof(float) + i * 37)).ToArray();
        var addresses = tensors.Select(t => (long)t.storage<float>().data_ptr()).ToArray();
        foreach (var t in tensors)
            t.Dispose();

        OpenMpWaitPolicy.NativeValue(PageAlignedAllocation.Variable).Should().Be("1", "the test host does not set it, so the loader did");
        addresses.Should().OnlyContain(a => a % Environment.SystemPageSize == 0);
        TorchNativeLoader.Report.Should().Contain(PageAlignedAllocation.Variable + "=1 set");
    }

    [Fact]
    public void Apply_VariableAlreadySet_KeepsTheApplicationsChoice()
    {
        if (!OperatingSystem.IsLinux())
            return;

        TorchNativeLoader.EnsureLoaded();   // sets it when unset, so it is set now

        string report = PageAlignedAllocation.Apply();

        report.Should().Contain("kept");
        OpenMpWaitPolicy.NativeValue(PageAlignedAllocation.Variable).Should().Be("1");
    }
}
