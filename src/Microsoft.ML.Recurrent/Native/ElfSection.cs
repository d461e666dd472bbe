namespace Microsoft.ML.Recurrent.Native;

/// <summary>The file range of one validated ELF section: it is known to lie inside the file.</summary>
/// <param name="Offset">File offset of the section's contents (<c>sh_offset</c>).</param>
/// <param name="Size">Size of the section's contents in bytes (<c>sh_size</c>).</param>
internal readonly record struct ElfSection(int Offset, int Size);
