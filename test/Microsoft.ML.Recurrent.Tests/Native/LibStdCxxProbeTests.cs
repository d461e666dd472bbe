using System;
using System.IO;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

public sealed class LibStdCxxProbeTests
{
    [Fact]
    public void Probe_OnLinux_FindsMappedLibStdCxxAndItsGlibcxxVersions()
    {
        var probe = LibStdCxxProbe.Probe();
        if (!OperatingSystem.IsLinux())
        {
            probe.IsKnown.Should().BeFalse();
            return;
        }

        probe.IsKnown.Should().BeTrue(probe.Problem);
        File.Exists(probe.Path).Should().BeTrue();
        Path.GetFileName(probe.Path).Should().StartWith("libstdc++.so.6");
        probe.Provides("GLIBCXX_3.4").Should().BeTrue();
        probe.HighestGlibcxx.Should().MatchRegex(@"^GLIBCXX_3\.4\.\d+$");
        probe.Tried[0].Should().StartWith("/proc/self/maps");
    }

    [Fact]
    public void FindInProcessMaps_MapsText_ReturnsExistingLibStdCxxPathOnly()
    {
        string existing = Path.GetTempFileName();
        string renamed = Path.Combine(Path.GetDirectoryName(existing)!, $"libstdc++.so.6.0.99-{Guid.NewGuid():N}");
        File.Move(existing, renamed);
        try
        {
            string maps =
                "7f0000000000-7f0000001000 r--p 00000000 08:01 1234 /usr/lib/libc.so.6\n" +
                "7f0000001000-7f0000002000 r--p 00000000 08:01 1235 /nonexistent/libstdc++.so.6.0.30\n" +
                $"7f0000002000-7f0000003000 r-xp 00001000 08:01 1236                      {renamed}\n" +
                "7ffd00000000-7ffd00001000 rw-p 00000000 00:00 0 [stack]\n";

            LibStdCxxProbe.FindInProcessMaps(maps).Should().Be(renamed);
            LibStdCxxProbe.FindInProcessMaps("7ffd00000000-7ffd00001000 rw-p 00000000 00:00 0 [stack]\n").Should().BeNull();
        }
        finally
        {
            File.Delete(renamed);
        }
    }

    [Fact]
    public void Read_NotAnElfFile_IsUnknownWithReason()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a library");

            var probe = LibStdCxxProbe.Read(file, Array.Empty<string>());

            probe.IsKnown.Should().BeFalse();
            probe.Problem.Should().Contain(file).And.Contain("not an ELF file");
            probe.Provides("GLIBCXX_3.4").Should().BeFalse();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
