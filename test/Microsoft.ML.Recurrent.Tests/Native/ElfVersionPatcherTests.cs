using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Native;

public sealed class ElfVersionPatcherTests
{
    private const string Glibcxx3432 = "GLIBCXX_3.4.32";

    [Fact]
    public void TryMarkVersionWeak_SyntheticElf_FlagsOnlyTheMatchingVernaux()
    {
        var elf = SyntheticElf.Standard();
        byte[] patched = (byte[])elf.Bytes.Clone();

        bool ok = ElfVersionPatcher.TryMarkVersionWeak(patched, Glibcxx3432, out string? problem);

        ok.Should().BeTrue();
        problem.Should().BeNull();
        int flags = elf.FlagsOffsets[Glibcxx3432];
        DifferingOffsets(elf.Bytes, patched).Should().Equal(flags);
        BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(flags)).Should().Be(ElfNeededVersion.WeakFlag);
        ReadNeeded(patched).Should().Equal(
            ("libc.so.6", "GLIBC_2.2.5", false),
            ("libstdc++.so.6", "GLIBCXX_3.4.30", false),
            ("libstdc++.so.6", Glibcxx3432, true));
    }

    [Fact]
    public void TryMarkVersionWeak_AlreadyWeak_ReturnsTrueAndChangesNothing()
    {
        byte[] once = SyntheticElf.Standard().Bytes;
        ElfVersionPatcher.TryMarkVersionWeak(once, Glibcxx3432, out _).Should().BeTrue();
        byte[] twice = (byte[])once.Clone();

        bool ok = ElfVersionPatcher.TryMarkVersionWeak(twice, Glibcxx3432, out string? problem);

        ok.Should().BeTrue();
        problem.Should().BeNull();
        twice.Should().Equal(once);
    }

    [Fact]
    public void TryMarkVersionWeak_OtherFlagBitsSet_KeepsThem()
    {
        var elf = SyntheticElf.Standard();
        int flags = elf.FlagsOffsets[Glibcxx3432];
        BinaryPrimitives.WriteUInt16LittleEndian(elf.Bytes.AsSpan(flags), 0x1);

        ElfVersionPatcher.TryMarkVersionWeak(elf.Bytes, Glibcxx3432, out _).Should().BeTrue();

        BinaryPrimitives.ReadUInt16LittleEndian(elf.Bytes.AsSpan(flags)).Should().Be(0x3);
    }

    [Fact]
    public void TryMarkVersionWeak_NotElf_ReturnsFalseWithNotElfReason()
    {
        byte[] text = System.Text.Encoding.ASCII.GetBytes("#!/bin/sh\necho this is not a shared library\n".PadRight(200));

        AssertRejected(text, "not an ELF file");
    }

    [Fact]
    public void TryMarkVersionWeak_32BitElf_ReturnsFalseWith32BitReason()
    {
        byte[] bytes = SyntheticElf.Standard().Bytes;
        bytes[4] = 1; // EI_CLASS = ELFCLASS32

        AssertRejected(bytes, "32-bit");
    }

    [Fact]
    public void TryMarkVersionWeak_BigEndianElf_ReturnsFalseWithByteOrderReason()
    {
        byte[] bytes = SyntheticElf.Standard().Bytes;
        bytes[5] = 2; // EI_DATA = ELFDATA2MSB

        AssertRejected(bytes, "big-endian");
    }

    [Fact]
    public void TryMarkVersionWeak_TruncatedAtAnyLength_ReturnsFalseWithReason()
    {
        byte[] full = SyntheticElf.Standard().Bytes;
        for (int length = 0; length < full.Length; length++)
        {
            byte[] prefix = full.AsSpan(0, length).ToArray();

            bool ok = ElfVersionPatcher.TryMarkVersionWeak(prefix, Glibcxx3432, out string? problem);

            ok.Should().BeFalse($"a {length}-byte prefix of the {full.Length}-byte file is incomplete");
            problem.Should().MatchRegex(length < 4 ? "not an ELF file" : "truncated", $"length {length}");
            prefix.Should().Equal(full.AsSpan(0, length).ToArray());
        }
    }

    [Fact]
    public void TryMarkVersionWeak_VersionNotNeeded_ReturnsFalseNamingVersionAndListingNeeds()
    {
        AssertRejectedFor(SyntheticElf.Standard().Bytes, "GLIBCXX_9.9.9", "needs no version named GLIBCXX_9.9.9", "libstdc++.so.6:GLIBCXX_3.4.30");
    }

    [Fact]
    public void TryMarkVersionWeak_NoVerneedSection_ReturnsFalseWithMissingSectionReason()
    {
        byte[] bytes = SyntheticElf.Build(withVerneed: false).Bytes;

        AssertRejected(bytes, "no SHT_GNU_verneed (0x6ffffffe) section");
    }

    [Fact]
    public void TryMarkVersionWeak_VernauxOffsetOutsideSection_ReturnsFalseWithCorruptReason()
    {
        byte[] bytes = SyntheticElf.Standard().Bytes;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(SyntheticElf.VerneedOffset + 32 + 8), 0x7fff_0000); // vn_aux of libstdc++

        AssertRejected(bytes, "Elf64_Vernaux record at offset", "lies outside");
    }

    [Fact]
    public void TryMarkVersionWeak_OverlappingChain_ReturnsFalseWithLoopReason()
    {
        byte[] bytes = SyntheticElf.Standard().Bytes;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(SyntheticElf.VerneedOffset + 32 + 2), ushort.MaxValue); // vn_cnt
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(SyntheticElf.VerneedOffset + 48 + 12), 1); // vna_next: overlapping records

        AssertRejected(bytes, "corrupt ELF file");
    }

    [Fact]
    public void TryMarkVersionWeak_StringTableLinkNotStrtab_ReturnsFalseWithLinkReason()
    {
        var elf = SyntheticElf.Standard();
        BinaryPrimitives.WriteUInt32LittleEndian(elf.Bytes.AsSpan(elf.SectionHeaderOffset(2) + 40), 2); // sh_link -> itself

        AssertRejected(elf.Bytes, "expected SHT_STRTAB");
    }

    [Fact]
    public void TryMarkVersionWeak_AnySingleCorruptByte_NeverThrows()
    {
        byte[] original = SyntheticElf.Standard().Bytes;
        foreach (byte value in new byte[] { 0x00, 0x01, 0x7F, 0xFF })
        {
            for (int i = 0; i < original.Length; i++)
            {
                byte[] corrupt = (byte[])original.Clone();
                corrupt[i] = value;

                Action patch = () => ElfVersionPatcher.TryMarkVersionWeak(corrupt, Glibcxx3432, out _);
                Action query = () => ElfVersionPatcher.TryNeedsVersionNonWeakly(corrupt, Glibcxx3432, out _, out _);

                patch.Should().NotThrow($"byte {i} set to 0x{value:x2}");
                query.Should().NotThrow($"byte {i} set to 0x{value:x2}");
            }
        }
    }

    [Fact]
    public void TryNeedsVersionNonWeakly_SyntheticElfBeforeAndAfterPatch_ReportsStrongThenWeak()
    {
        byte[] bytes = SyntheticElf.Standard().Bytes;

        ElfVersionPatcher.TryNeedsVersionNonWeakly(bytes, Glibcxx3432, out bool before, out _).Should().BeTrue();
        ElfVersionPatcher.TryMarkVersionWeak(bytes, Glibcxx3432, out _).Should().BeTrue();
        ElfVersionPatcher.TryNeedsVersionNonWeakly(bytes, Glibcxx3432, out bool after, out _).Should().BeTrue();
        ElfVersionPatcher.TryNeedsVersionNonWeakly(bytes, "GLIBCXX_3.4.30", out bool other, out _).Should().BeTrue();

        before.Should().BeTrue();
        after.Should().BeFalse();
        other.Should().BeTrue();
    }

    [Fact]
    public void TryNeedsVersionNonWeakly_NoVerneedOrAbsentVersion_ReturnsTrueAndNotNeeded()
    {
        ElfVersionPatcher.TryNeedsVersionNonWeakly(SyntheticElf.Build(withVerneed: false).Bytes, Glibcxx3432, out bool none, out string? p1)
            .Should().BeTrue();
        ElfVersionPatcher.TryNeedsVersionNonWeakly(SyntheticElf.Standard().Bytes, "GLIBCXX_9.9.9", out bool absent, out string? p2)
            .Should().BeTrue();

        none.Should().BeFalse();
        absent.Should().BeFalse();
        (p1, p2).Should().Be((null, null));
    }

    [Fact]
    public void TryNeedsVersionNonWeakly_NotElf_ReturnsFalseWithReason()
    {
        bool ok = ElfVersionPatcher.TryNeedsVersionNonWeakly(new byte[100], Glibcxx3432, out bool needed, out string? problem);

        ok.Should().BeFalse();
        needed.Should().BeFalse();
        problem.Should().Contain("not an ELF file");
    }

    [Fact]
    public void TryNeedsVersionNonWeakly_ShippedLibTorchSharp_NeedsGlibcxx3432NonWeakly()
    {
        byte[] shipped = File.ReadAllBytes(ShippedLibTorchSharpPath());

        ElfVersionPatcher.TryNeedsVersionNonWeakly(shipped, Glibcxx3432, out bool needed, out string? problem).Should().BeTrue(problem);

        needed.Should().BeTrue();
    }

    [Fact]
    public void TryMarkVersionWeak_ShippedLibTorchSharp_ChangesOnlyTheGlibcxx3432FlagBytes()
    {
        byte[] shipped = File.ReadAllBytes(ShippedLibTorchSharpPath());
        byte[] patched = (byte[])shipped.Clone();
        ElfReader.TryReadNeededVersions(shipped, out _, out var before, out _).Should().BeTrue();
        int flags = before.Single(v => v.VersionName == Glibcxx3432).FlagsOffset;

        ElfVersionPatcher.TryMarkVersionWeak(patched, Glibcxx3432, out string? problem).Should().BeTrue(problem);

        ElfVersionPatcher.TryNeedsVersionNonWeakly(patched, Glibcxx3432, out bool stillNeeded, out _).Should().BeTrue();
        stillNeeded.Should().BeFalse();
        DifferingOffsets(shipped, patched).Should().OnlyContain(i => i == flags || i == flags + 1).And.NotBeEmpty();
        ElfReader.TryReadNeededVersions(patched, out _, out var after, out _).Should().BeTrue();
        after.Select(v => (v.FileName, v.VersionName, v.IsWeak)).Should().Equal(
            before.Select(v => (v.FileName, v.VersionName, v.IsWeak || v.VersionName == Glibcxx3432)));
        before.Should().Contain(v => v.FileName == "libstdc++.so.6" && v.VersionName == Glibcxx3432 && !v.IsWeak);
    }

    /// <summary>The libLibTorchSharp.so that the build copied into this test's output folder.</summary>
    internal static string ShippedLibTorchSharpPath()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(path).Should().BeTrue($"the build copies TorchSharp's Linux native library to {path}");
        return path;
    }

    private static void AssertRejected(byte[] bytes, params string[] expectedFragments) =>
        AssertRejectedFor(bytes, Glibcxx3432, expectedFragments);

    private static void AssertRejectedFor(byte[] bytes, string version, params string[] expectedFragments)
    {
        byte[] before = (byte[])bytes.Clone();

        bool ok = ElfVersionPatcher.TryMarkVersionWeak(bytes, version, out string? problem);

        ok.Should().BeFalse();
        foreach (string fragment in expectedFragments)
        {
            problem.Should().Contain(fragment);
        }

        bytes.Should().Equal(before, "a rejected file is left unchanged");
    }

    private static (string File, string Version, bool Weak)[] ReadNeeded(byte[] bytes)
    {
        ElfReader.TryReadNeededVersions(bytes, out bool hasSection, out var needed, out string? problem).Should().BeTrue(problem);
        hasSection.Should().BeTrue();
        return needed.Select(v => (v.FileName, v.VersionName, v.IsWeak)).ToArray();
    }

    private static int[] DifferingOffsets(byte[] a, byte[] b)
    {
        a.Length.Should().Be(b.Length);
        return Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
    }
}
