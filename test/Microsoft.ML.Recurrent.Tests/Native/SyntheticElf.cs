using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Microsoft.ML.Recurrent.Tests.Native;

/// <summary>
/// Builds minimal 64-bit little-endian ELF files in memory: an ELF header, a <c>.dynstr</c> string table, an optional
/// <c>.gnu.version_r</c> (SHT_GNU_verneed) section and a section header table (null, strtab, verneed).
/// </summary>
internal sealed class SyntheticElf
{
    /// <summary>Offset of the verneed section's contents (right after the 64-byte ELF header).</summary>
    public const int VerneedOffset = 64;

    private SyntheticElf(byte[] bytes, IReadOnlyDictionary<string, int> flagsOffsets)
    {
        Bytes = bytes;
        FlagsOffsets = flagsOffsets;
    }

    /// <summary>The file contents.</summary>
    public byte[] Bytes { get; }

    /// <summary>For each needed version name, the absolute offset of its <c>vna_flags</c>.</summary>
    public IReadOnlyDictionary<string, int> FlagsOffsets { get; }

    /// <summary>The standard test file: libc.so.6 needs GLIBC_2.2.5; libstdc++.so.6 needs GLIBCXX_3.4.30 and GLIBCXX_3.4.32.</summary>
    public static SyntheticElf Standard() => Build(
        withVerneed: true,
        ("libc.so.6", new[] { "GLIBC_2.2.5" }),
        ("libstdc++.so.6", new[] { "GLIBCXX_3.4.30", "GLIBCXX_3.4.32" }));

    /// <summary>Builds a file whose verneed section lists the given dependencies and versions.</summary>
    public static SyntheticElf Build(bool withVerneed, params (string File, string[] Versions)[] needs)
    {
        // String table: index 0 is the empty string, then every name once.
        var strings = new List<byte> { 0 };
        var stringOffsets = new Dictionary<string, int>();
        foreach (string name in needs.SelectMany(n => n.Versions.Prepend(n.File)))
        {
            if (!stringOffsets.ContainsKey(name))
            {
                stringOffsets[name] = strings.Count;
                strings.AddRange(Encoding.ASCII.GetBytes(name));
                strings.Add(0);
            }
        }

        int verneedSize = withVerneed ? needs.Sum(n => 16 + (16 * n.Versions.Length)) : 0;
        int strtabOffset = VerneedOffset + verneedSize;
        int sectionTable = Align8(strtabOffset + strings.Count);
        int sectionCount = withVerneed ? 3 : 2;
        var bytes = new byte[sectionTable + (64 * sectionCount)];
        var flagsOffsets = new Dictionary<string, int>();

        // ELF header: magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT; e_type ET_DYN, e_machine x86-64.
        bytes[0] = 0x7F;
        bytes[1] = (byte)'E';
        bytes[2] = (byte)'L';
        bytes[3] = (byte)'F';
        bytes[4] = 2;
        bytes[5] = 1;
        bytes[6] = 1;
        U16(bytes, 16, 3);
        U16(bytes, 18, 62);
        U32(bytes, 20, 1);
        U64(bytes, 40, (ulong)sectionTable); // e_shoff
        U16(bytes, 52, 64); // e_ehsize
        U16(bytes, 58, 64); // e_shentsize
        U16(bytes, 60, (ushort)sectionCount); // e_shnum

        if (withVerneed)
        {
            int entry = VerneedOffset;
            for (int i = 0; i < needs.Length; i++)
            {
                var (file, versions) = needs[i];
                int entrySize = 16 + (16 * versions.Length);
                U16(bytes, entry, 1); // vn_version
                U16(bytes, entry + 2, (ushort)versions.Length); // vn_cnt
                U32(bytes, entry + 4, (uint)stringOffsets[file]); // vn_file
                U32(bytes, entry + 8, 16); // vn_aux: Vernaux entries follow their Verneed
                U32(bytes, entry + 12, i == needs.Length - 1 ? 0u : (uint)entrySize); // vn_next
                for (int j = 0; j < versions.Length; j++)
                {
                    int aux = entry + 16 + (16 * j);
                    U32(bytes, aux, 0x0a1b2c3d); // vna_hash (not checked by the patcher)
                    U16(bytes, aux + 6, (ushort)(2 + j)); // vna_other
                    U32(bytes, aux + 8, (uint)stringOffsets[versions[j]]); // vna_name
                    U32(bytes, aux + 12, j == versions.Length - 1 ? 0u : 16u); // vna_next
                    flagsOffsets[versions[j]] = aux + 4;
                }

                entry += entrySize;
            }
        }

        strings.ToArray().CopyTo(bytes, strtabOffset);

        // Section 0 is the null section; 1 is .dynstr (SHT_STRTAB); 2 is .gnu.version_r linking to 1.
        Section(bytes, sectionTable + 64, type: 3, offset: strtabOffset, size: strings.Count, link: 0, info: 0);
        if (withVerneed)
        {
            Section(bytes, sectionTable + 128, type: 0x6ffffffe, offset: VerneedOffset, size: verneedSize, link: 1, info: (uint)needs.Length);
        }

        return new SyntheticElf(bytes, flagsOffsets);
    }

    /// <summary>The offset of the n-th section header.</summary>
    public int SectionHeaderOffset(int index) => (int)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(40)) + (64 * index);

    private static void Section(byte[] bytes, int at, uint type, int offset, int size, uint link, uint info)
    {
        U32(bytes, at + 4, type);
        U64(bytes, at + 24, (ulong)offset);
        U64(bytes, at + 32, (ulong)size);
        U32(bytes, at + 40, link);
        U32(bytes, at + 44, info);
        U64(bytes, at + 48, 8);
    }

    private static int Align8(int value) => (value + 7) & ~7;

    private static void U16(byte[] bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);

    private static void U32(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);

    private static void U64(byte[] bytes, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
}
