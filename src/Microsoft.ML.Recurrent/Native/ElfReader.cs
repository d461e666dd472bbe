using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// A bounds-checked reader for the symbol-versioning tables of a 64-bit little-endian ELF file
/// (<c>SHT_GNU_verneed</c> and <c>SHT_GNU_verdef</c>). Pure byte logic: no I/O, and corrupt input yields
/// <see langword="false"/> with a reason instead of an exception.
/// </summary>
internal static class ElfReader
{
    /// <summary><c>SHT_GNU_verneed</c> (<c>.gnu.version_r</c>): the versions a file needs from its dependencies.</summary>
    public const uint SectionTypeVerneed = 0x6ffffffe;

    /// <summary><c>SHT_GNU_verdef</c> (<c>.gnu.version_d</c>): the versions a file defines (provides).</summary>
    public const uint SectionTypeVerdef = 0x6ffffffd;

    // Elf64_Verneed, 16 bytes: vn_version u16 @0, vn_cnt u16 @2, vn_file u32 @4, vn_aux u32 @8, vn_next u32 @12.
    // Elf64_Vernaux, 16 bytes: vna_hash u32 @0, vna_flags u16 @4, vna_other u16 @6, vna_name u32 @8, vna_next u32 @12.
    // vn_aux is relative to its Verneed, vna_next to its Vernaux, vn_next to its Verneed; 0 ends a chain.
    /// <summary>Size of <c>Elf64_Verneed</c> and of <c>Elf64_Vernaux</c>.</summary>
    private const int VerneedRecordSize = 16;

    // Elf64_Verdef, 20 bytes: vd_version u16 @0, vd_flags u16 @2, vd_ndx u16 @4, vd_cnt u16 @6, vd_hash u32 @8,
    // vd_aux u32 @12, vd_next u32 @16. Elf64_Verdaux, 8 bytes: vda_name u32 @0, vda_next u32 @4. The first Verdaux
    // of a Verdef names the version; vd_flags bit 0x1 (VER_FLG_BASE) marks the entry naming the file itself.
    /// <summary>Size of <c>Elf64_Verdef</c>.</summary>
    private const int VerdefSize = 20;

    /// <summary>Size of <c>Elf64_Verdaux</c>, the smallest versioning record.</summary>
    private const int VerdauxSize = 8;

    /// <summary>Reads every <c>Elf64_Vernaux</c> entry of the file's <c>SHT_GNU_verneed</c> section.</summary>
    /// <param name="elf">The complete file contents.</param>
    /// <param name="hasSection">Whether the file has a <c>SHT_GNU_verneed</c> section at all.</param>
    /// <param name="versions">The entries in file order; empty when there is no such section.</param>
    /// <param name="problem">Why the file could not be read, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the file parsed (with or without a verneed section).</returns>
    public static bool TryReadNeededVersions(
        ReadOnlySpan<byte> elf, out bool hasSection, out List<ElfNeededVersion> versions, out string? problem)
    {
        versions = new List<ElfNeededVersion>();
        if (!ElfSectionTable.TryFindVersionSection(elf, SectionTypeVerneed, out hasSection, out var section, out var strings, out problem)
            || !hasSection)
        {
            return problem is null;
        }

        int maxVisits = section.Size / VerneedRecordSize;
        int visits = 0;
        long entry = 0;
        while (true)
        {
            if (!TryVisit(entry, VerneedRecordSize, section, "Elf64_Verneed", ref visits, maxVisits, out problem))
            {
                return false;
            }

            var record = elf.Slice(section.Offset + (int)entry, VerneedRecordSize);
            ushort count = BinaryPrimitives.ReadUInt16LittleEndian(record.Slice(2));
            if (!ElfSectionTable.TryReadString(elf, strings, BinaryPrimitives.ReadUInt32LittleEndian(record.Slice(4)), out string file, out problem))
            {
                return false;
            }

            uint next = BinaryPrimitives.ReadUInt32LittleEndian(record.Slice(12));
            long aux = entry + BinaryPrimitives.ReadUInt32LittleEndian(record.Slice(8));
            for (int i = 0; i < count; i++)
            {
                if (!TryVisit(aux, VerneedRecordSize, section, "Elf64_Vernaux", ref visits, maxVisits, out problem))
                {
                    return false;
                }

                int absolute = section.Offset + (int)aux;
                var vernaux = elf.Slice(absolute, VerneedRecordSize);
                if (!ElfSectionTable.TryReadString(elf, strings, BinaryPrimitives.ReadUInt32LittleEndian(vernaux.Slice(8)), out string name, out problem))
                {
                    return false;
                }

                versions.Add(new ElfNeededVersion(file, name, BinaryPrimitives.ReadUInt16LittleEndian(vernaux.Slice(4)), absolute + 4));
                uint auxNext = BinaryPrimitives.ReadUInt32LittleEndian(vernaux.Slice(12));
                if (auxNext == 0)
                {
                    break;
                }

                aux += auxNext;
            }

            if (next == 0)
            {
                return true;
            }

            entry += next;
        }
    }

    /// <summary>Reads the names of the versions a file defines (its <c>SHT_GNU_verdef</c> section), base entry excluded.</summary>
    /// <param name="elf">The complete file contents.</param>
    /// <param name="names">The version names, e.g. <c>GLIBCXX_3.4.30</c>; empty when there is no verdef section.</param>
    /// <param name="problem">Why the file could not be read, or <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the file parsed.</returns>
    public static bool TryReadDefinedVersions(ReadOnlySpan<byte> elf, out List<string> names, out string? problem)
    {
        names = new List<string>();
        if (!ElfSectionTable.TryFindVersionSection(elf, SectionTypeVerdef, out bool hasSection, out var section, out var strings, out problem)
            || !hasSection)
        {
            return problem is null;
        }

        int maxVisits = section.Size / VerdauxSize;
        int visits = 0;
        long entry = 0;
        while (true)
        {
            if (!TryVisit(entry, VerdefSize, section, "Elf64_Verdef", ref visits, maxVisits, out problem))
            {
                return false;
            }

            var record = elf.Slice(section.Offset + (int)entry, VerdefSize);
            bool isBase = (BinaryPrimitives.ReadUInt16LittleEndian(record.Slice(2)) & 0x1) != 0;
            long aux = entry + BinaryPrimitives.ReadUInt32LittleEndian(record.Slice(12));
            if (!TryVisit(aux, VerdauxSize, section, "Elf64_Verdaux", ref visits, maxVisits, out problem)
                || !ElfSectionTable.TryReadString(elf, strings, BinaryPrimitives.ReadUInt32LittleEndian(elf.Slice(section.Offset + (int)aux)), out string name, out problem))
            {
                return false;
            }

            if (!isBase)
            {
                names.Add(name);
            }

            uint next = BinaryPrimitives.ReadUInt32LittleEndian(record.Slice(16));
            if (next == 0)
            {
                return true;
            }

            entry += next;
        }
    }

    /// <summary>Checks that a record of <paramref name="size"/> bytes at <paramref name="offset"/> lies in the section.</summary>
    private static bool TryVisit(long offset, int size, ElfSection section, string record, ref int visits, int maxVisits, out string? problem)
    {
        problem = null;
        if (!ElfSectionTable.Fits((ulong)offset, (ulong)size, section.Size))
        {
            problem = $"corrupt ELF file: an {record} record at offset {offset} of its {section.Size}-byte version section lies outside that section";
        }
        else if (++visits > maxVisits)
        {
            problem = $"corrupt ELF file: the {record} chain visits more records than its {section.Size}-byte section can hold (a loop)";
        }

        return problem is null;
    }
}
