using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Marks a symbol version that an ELF shared library needs as weak (<c>VER_FLG_WEAK</c>), so that the dynamic
/// loader only notes "weak version not found" instead of refusing the library. Pure byte logic: no I/O.
/// </summary>
/// <remarks>
/// Used on a copy of TorchSharp's <c>libLibTorchSharp.so</c>, which lists <c>GLIBCXX_3.4.32</c> (GCC 13) as needed
/// from <c>libstdc++.so.6</c> although no relocation uses the only symbol of that version.
/// </remarks>
internal static class ElfVersionPatcher
{
    /// <summary>
    /// Sets <c>VER_FLG_WEAK</c> in <c>vna_flags</c> of every <c>Elf64_Vernaux</c> entry named
    /// <paramref name="versionName"/> (normally exactly one). Idempotent: an entry that is already weak is left as is.
    /// Only those flag bytes are written; on failure <paramref name="elf"/> is left unchanged.
    /// </summary>
    /// <param name="elf">The complete contents of a 64-bit little-endian ELF file, modified in place.</param>
    /// <param name="versionName">The version to mark weak, e.g. <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="problem">
    /// On failure, why: the input is not ELF64 little-endian, is truncated or corrupt, has no <c>SHT_GNU_verneed</c>
    /// section, or needs no version of that name. <see langword="null"/> on success.
    /// </param>
    /// <returns><see langword="true"/> when the version is now marked weak (whether or not bytes changed).</returns>
    public static bool TryMarkVersionWeak(Span<byte> elf, string versionName, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(versionName);
        if (!ElfReader.TryReadNeededVersions(elf, out bool hasSection, out var needed, out problem))
        {
            return false;
        }

        if (!hasSection)
        {
            problem = $"the ELF file has no SHT_GNU_verneed (0x{ElfReader.SectionTypeVerneed:x}) section, so it needs no symbol versions; expected one that needs {versionName}";
            return false;
        }

        var matches = needed.Where(v => string.Equals(v.VersionName, versionName, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0)
        {
            problem = $"the ELF file needs no version named {versionName}; it needs: {Describe(needed)}";
            return false;
        }

        foreach (var match in matches.Where(m => !m.IsWeak))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(elf.Slice(match.FlagsOffset, 2), (ushort)(match.Flags | ElfNeededVersion.WeakFlag));
        }

        return true;
    }

    /// <summary>
    /// Tells whether the ELF file needs <paramref name="versionName"/> non-weakly, i.e. whether the dynamic loader
    /// refuses the file when no loaded library defines that version.
    /// </summary>
    /// <param name="elf">The complete contents of a 64-bit little-endian ELF file.</param>
    /// <param name="versionName">The version asked about, e.g. <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="needsNonWeakly">
    /// <see langword="true"/> when some <c>Elf64_Vernaux</c> entry names the version without <c>VER_FLG_WEAK</c>;
    /// <see langword="false"/> when every such entry is weak or there is none (or no verneed section at all).
    /// </param>
    /// <param name="problem">Why the file could not be read, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> only when the file is not a readable ELF64 little-endian file.</returns>
    public static bool TryNeedsVersionNonWeakly(ReadOnlySpan<byte> elf, string versionName, out bool needsNonWeakly, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(versionName);
        needsNonWeakly = false;
        if (!ElfReader.TryReadNeededVersions(elf, out _, out var needed, out problem))
        {
            return false;
        }

        needsNonWeakly = needed.Any(v => !v.IsWeak && string.Equals(v.VersionName, versionName, StringComparison.Ordinal));
        return true;
    }

    /// <summary>Lists needed versions as <c>file:version</c> for error messages.</summary>
    /// <param name="needed">The entries to describe.</param>
    /// <returns>A comma-separated list, or <c>(nothing)</c>.</returns>
    private static string Describe(IReadOnlyCollection<ElfNeededVersion> needed) =>
        needed.Count == 0 ? "(nothing)" : string.Join(", ", needed.Select(v => $"{v.FileName}:{v.VersionName}"));
}
