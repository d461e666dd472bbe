using System;
using System.Buffers.Binary;
using System.Text;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Bounds-checked access to the ELF64 header, the section header table and string tables of a 64-bit
/// little-endian ELF file. Pure byte logic: corrupt input yields <see langword="false"/> with a reason.
/// </summary>
internal static class ElfSectionTable
{
    /// <summary><c>SHT_STRTAB</c>: the type the section named by a version section's <c>sh_link</c> must have.</summary>
    private const uint SectionTypeStrtab = 3;

    // Elf64_Ehdr, 64 bytes: e_ident[16] (magic 7F 'E' 'L' 'F', then EI_CLASS at 4, EI_DATA at 5), e_type u16 @16,
    // e_machine u16 @18, e_version u32 @20, e_entry u64 @24, e_phoff u64 @32, e_shoff u64 @40, e_flags u32 @48,
    // e_ehsize u16 @52, e_phentsize u16 @54, e_phnum u16 @56, e_shentsize u16 @58, e_shnum u16 @60, e_shstrndx u16 @62.
    /// <summary>Size of <c>Elf64_Ehdr</c>.</summary>
    private const int HeaderSize = 64;

    // Elf64_Shdr, 64 bytes: sh_name u32 @0, sh_type u32 @4, sh_flags u64 @8, sh_addr u64 @16, sh_offset u64 @24,
    // sh_size u64 @32, sh_link u32 @40, sh_info u32 @44, sh_addralign u64 @48, sh_entsize u64 @56.
    /// <summary>Size of <c>Elf64_Shdr</c>.</summary>
    private const int SectionHeaderSize = 64;

    /// <summary>Validates the ELF header and finds the first section of <paramref name="type"/> and its string table.</summary>
    /// <param name="elf">The complete file contents.</param>
    /// <param name="type">The section type wanted, e.g. <see cref="ElfReader.SectionTypeVerneed"/>.</param>
    /// <param name="found">Whether a section of that type exists.</param>
    /// <param name="section">The section's range, when found.</param>
    /// <param name="strings">The range of the string table its <c>sh_link</c> names, when found.</param>
    /// <param name="problem">Why the file could not be read, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> when the header, the section table or the found sections are invalid.</returns>
    public static bool TryFindVersionSection(
        ReadOnlySpan<byte> elf, uint type, out bool found, out ElfSection section, out ElfSection strings, out string? problem)
    {
        found = false;
        section = strings = default;
        if (!TryReadSectionTable(elf, out long tableOffset, out long count, out problem))
        {
            return false;
        }

        for (long i = 0; i < count; i++)
        {
            var header = elf.Slice((int)(tableOffset + (i * SectionHeaderSize)), SectionHeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(4)) != type)
            {
                continue;
            }

            found = true;
            uint link = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(40));
            if (!TrySection(elf, header, i, out section, out problem))
            {
                return false;
            }

            if (link >= count)
            {
                problem = $"section {i} (type 0x{type:x}) links to string table section {link}, but the file has only {count} sections";
                return false;
            }

            var linked = elf.Slice((int)(tableOffset + (link * SectionHeaderSize)), SectionHeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(linked.Slice(4)) != SectionTypeStrtab)
            {
                problem = $"section {link}, linked from section {i} (type 0x{type:x}), has type 0x{BinaryPrimitives.ReadUInt32LittleEndian(linked.Slice(4)):x}; expected SHT_STRTAB (0x3)";
                return false;
            }

            return TrySection(elf, linked, link, out strings, out problem);
        }

        return true;
    }

    /// <summary>Validates <c>Elf64_Ehdr</c> and returns where the section header table is and how many entries it has.</summary>
    private static bool TryReadSectionTable(ReadOnlySpan<byte> elf, out long tableOffset, out long count, out string? problem)
    {
        tableOffset = count = 0;
        if (elf.Length < 4 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            string first = Convert.ToHexString(elf.Slice(0, Math.Min(4, elf.Length)));
            problem = $"not an ELF file: it starts with bytes '{first}'; expected the ELF magic 7F454C46";
            return false;
        }

        if (elf.Length < HeaderSize)
        {
            problem = $"truncated ELF file: it has {elf.Length} bytes; expected at least the {HeaderSize}-byte ELF64 header";
            return false;
        }

        if (elf[4] != 2)
        {
            problem = elf[4] == 1
                ? "32-bit ELF file (EI_CLASS = ELFCLASS32); expected a 64-bit file (ELFCLASS64)"
                : $"unknown ELF class {elf[4]} (EI_CLASS); expected a 64-bit file (ELFCLASS64 = 2)";
            return false;
        }

        if (elf[5] != 1)
        {
            problem = $"big-endian or unknown byte order (EI_DATA = {elf[5]}); expected little-endian (ELFDATA2LSB = 1)";
            return false;
        }

        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(elf.Slice(40));
        ushort entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.Slice(58));
        count = BinaryPrimitives.ReadUInt16LittleEndian(elf.Slice(60));
        if (shoff == 0)
        {
            problem = "the ELF file has no section header table (e_shoff = 0)";
            return false;
        }

        if (entrySize != SectionHeaderSize)
        {
            problem = $"the ELF file's section header size (e_shentsize) is {entrySize}; expected {SectionHeaderSize}";
            return false;
        }

        if (count == 0 && Fits(shoff, SectionHeaderSize, elf.Length))
        {
            // Extended numbering: with e_shnum = 0 the real count is in section 0's sh_size.
            count = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(elf.Slice((int)shoff + 32)), int.MaxValue);
        }

        if (count == 0)
        {
            problem = "the ELF file's section header table is empty (e_shnum = 0)";
            return false;
        }

        if (!Fits(shoff, (ulong)count * SectionHeaderSize, elf.Length))
        {
            problem = $"truncated ELF file: its section header table ({count} entries at offset {shoff}) extends past the end of the {elf.Length}-byte file";
            return false;
        }

        tableOffset = (long)shoff;
        problem = null;
        return true;
    }

    /// <summary>Reads <c>sh_offset</c> and <c>sh_size</c> of a section header and checks that the range lies in the file.</summary>
    private static bool TrySection(ReadOnlySpan<byte> elf, ReadOnlySpan<byte> header, long index, out ElfSection section, out string? problem)
    {
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(24));
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(32));
        section = default;
        if (!Fits(offset, size, elf.Length))
        {
            problem = $"truncated ELF file: section {index} (offset {offset}, size {size}) extends past the end of the {elf.Length}-byte file";
            return false;
        }

        section = new ElfSection((int)offset, (int)size);
        problem = null;
        return true;
    }

    /// <summary>Reads the NUL-terminated UTF-8 string at <paramref name="offset"/> of a string table section.</summary>
    /// <param name="elf">The complete file contents.</param>
    /// <param name="strings">The validated string table section.</param>
    /// <param name="offset">The string's offset inside the section (e.g. <c>vna_name</c>).</param>
    /// <param name="value">The string read.</param>
    /// <param name="problem">Why it could not be read, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the string lies wholly inside the table.</returns>
    public static bool TryReadString(ReadOnlySpan<byte> elf, ElfSection strings, uint offset, out string value, out string? problem)
    {
        value = string.Empty;
        int length = offset < (uint)strings.Size ? elf.Slice(strings.Offset + (int)offset, strings.Size - (int)offset).IndexOf((byte)0) : -1;
        if (length < 0)
        {
            problem = $"corrupt ELF file: string offset {offset} does not point to a NUL-terminated string inside its {strings.Size}-byte string table";
            return false;
        }

        value = Encoding.UTF8.GetString(elf.Slice(strings.Offset + (int)offset, length));
        problem = null;
        return true;
    }

    /// <summary>Whether <c>[offset, offset + size)</c> lies inside a buffer of <paramref name="length"/> bytes, without overflow.</summary>
    /// <param name="offset">Start of the range.</param>
    /// <param name="size">Length of the range.</param>
    /// <param name="length">Length of the buffer.</param>
    /// <returns><see langword="true"/> when the range fits.</returns>
    public static bool Fits(ulong offset, ulong size, int length) => offset <= (ulong)length && size <= (ulong)length - offset;
}
