namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// One symbol version that an ELF file requires from one of its dependencies: an <c>Elf64_Vernaux</c> entry of
/// the file's <c>SHT_GNU_verneed</c> section together with the file name of its parent <c>Elf64_Verneed</c>.
/// </summary>
/// <param name="FileName">The dependency that must provide the version, e.g. <c>libstdc++.so.6</c> (<c>vn_file</c>).</param>
/// <param name="VersionName">The version required, e.g. <c>GLIBCXX_3.4.32</c> (<c>vna_name</c>).</param>
/// <param name="Flags">The entry's <c>vna_flags</c>; bit 0x2 (<c>VER_FLG_WEAK</c>) makes a missing version non-fatal.</param>
/// <param name="FlagsOffset">Absolute offset in the file of the two little-endian bytes holding <c>vna_flags</c>.</param>
internal readonly record struct ElfNeededVersion(string FileName, string VersionName, ushort Flags, int FlagsOffset)
{
    /// <summary><c>VER_FLG_WEAK</c>: the dynamic loader only warns when a weak version is missing.</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>Whether the entry carries <see cref="WeakFlag"/>, i.e. the loader tolerates the version's absence.</summary>
    public bool IsWeak => (Flags & WeakFlag) != 0;
}
