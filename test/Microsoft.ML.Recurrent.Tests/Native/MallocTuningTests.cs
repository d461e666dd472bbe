using System;
using System.Runtime.InteropServices;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

public class MallocTuningTests
{
    [Fact]
    public void EnsureLoaded_OnLinux_FixesTheMmapThresholdAndReportsIt()
    {
        TorchNativeLoader.EnsureLoaded();

        MallocTuning.Applied.Should().Be(OperatingSystem.IsLinux());
        if (OperatingSystem.IsLinux())
            TorchNativeLoader.Report.Should().Contain("Memory allocator: malloc M_MMAP_THRESHOLD fixed at 131072 bytes.");
    }

    [Fact]
    public void LargeBlock_AfterALargerBlockWasFreed_StillGetsItsOwnMapping()
    {
        if (!OperatingSystem.IsLinux())
            return;
        TorchNativeLoader.EnsureLoaded();

        // With glibc's dynamic threshold, freeing the 8 MiB block would raise the threshold to 8 MiB and the 1 MiB
        // block would come from an arena, where freed tensors pile up; with the threshold fixed it is mmapped.
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(8 << 20));
        var block = Marshal.AllocHGlobal(1 << 20);
        try
        {
            IsMmapped(block).Should().BeTrue();
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    [Fact]
    public void Apply_OptedOut_LeavesMallocAloneAndSaysWhy()
    {
        MallocTuning.Apply("0", null).Should().Be(OperatingSystem.IsLinux()
            ? "malloc not tuned: MLNET_RECURRENT_MALLOC_TUNING=0"
            : "malloc not tuned: not Linux");
    }

    [Fact]
    public void Apply_ApplicationChoseItsOwnThreshold_KeepsIt()
    {
        if (!OperatingSystem.IsLinux())
            return;

        MallocTuning.Apply(null, "65536").Should().Be("malloc not tuned: the application set MALLOC_MMAP_THRESHOLD_=65536");
    }

    /// <summary>glibc marks a chunk served by its own mmap with bit 1 (IS_MMAPPED) of the size word before the block.</summary>
    private static bool IsMmapped(IntPtr block) => (Marshal.ReadInt64(block, -8) & 2) != 0;
}
