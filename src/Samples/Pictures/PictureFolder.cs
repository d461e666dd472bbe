using System.IO;
using Samples.Data;

namespace Samples.Pictures;

/// <summary>Where the samples write their PNG pictures: <c>out/pictures/</c> at the repository root.</summary>
public static class PictureFolder
{
    /// <summary>The full path of a picture file (the folder is created).</summary>
    /// <param name="fileName">e.g. <c>loss-curves.png</c>.</param>
    public static string File(string fileName)
    {
        var folder = Path.Combine(Directory.GetParent(DataDirectory.Path)!.FullName, "out", "pictures");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }
}
