using System;
using System.IO;

namespace Samples.Data;

/// <summary>Finds the repository's shared <c>data/</c> folder.</summary>
public static class DataDirectory
{
    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The full path of the <c>data/</c> folder.</summary>
    public static string Path => Located.Value;

    /// <summary>The full path of a file in the <c>data/</c> folder.</summary>
    /// <param name="fileName">The file name, e.g. <c>GunPoint_TRAIN.csv</c>.</param>
    public static string File(string fileName) => System.IO.Path.Combine(Path, fileName);

    /// <summary>Walks up from the application's folder to the one holding <c>data/README.md</c> and <c>Recurrent.ML.sln</c>.</summary>
    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Recurrent.ML.sln"))
                && System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "data", "README.md")))
            {
                return System.IO.Path.Combine(dir.FullName, "data");
            }
        }

        throw new DirectoryNotFoundException(
            $"No folder containing data/README.md and Recurrent.ML.sln was found above '{AppContext.BaseDirectory}'; run the samples from inside the repository.");
    }
}
