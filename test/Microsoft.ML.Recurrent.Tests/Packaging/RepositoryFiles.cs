using System;
using System.IO;

namespace Microsoft.ML.Recurrent.Tests.Packaging;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recurrent.ML.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"Recurrent.ML.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string LibraryProject => Path.Combine(Root, "src", "Microsoft.ML.Recurrent", "Microsoft.ML.Recurrent.csproj");

    public static string Get(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Get(parts));
}
