using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace Samples;

/// <summary>
/// Restarts this program with glibc's thread cache off (<c>GLIBC_TUNABLES=glibc.malloc.tcache_count=0</c>), the start-up
/// setting the README recommends for training on Linux: it avoids glibc's fragmentation before 2.38, and with it the
/// library keeps libtorch's large per-step buffers instead of mapping them afresh (long sequences train about twice as
/// fast). glibc reads the variable only when a process starts, hence the restart. Shared by the samples and the benchmark.
/// </summary>
public static class GlibcRelaunch
{
    /// <summary>The variable glibc reads its tunables from.</summary>
    public const string Variable = "GLIBC_TUNABLES";

    /// <summary>The entry that switches the thread cache off.</summary>
    public const string TcacheOff = "glibc.malloc.tcache_count=0";

    /// <summary>Whether to restart: on Linux, when <c>GLIBC_TUNABLES</c> does not set the thread cache's size (set
    /// <c>glibc.malloc.tcache_count=7</c>, glibc's default, to run without the restart).</summary>
    public static bool Needed()
        => OperatingSystem.IsLinux()
            && !(Environment.GetEnvironmentVariable(Variable) ?? "").Contains("glibc.malloc.tcache_count=", StringComparison.Ordinal);

    /// <summary>Runs this program again with <see cref="TcacheOff"/> added to <c>GLIBC_TUNABLES</c>, sharing the console,
    /// and returns its exit code.</summary>
    /// <param name="args">This program's arguments.</param>
    public static int Run(string[] args)
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var info = new ProcessStartInfo(process) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);   // started as `dotnet Program.dll`
        foreach (var argument in args)
            info.ArgumentList.Add(argument);
        string? tunables = Environment.GetEnvironmentVariable(Variable);
        info.Environment[Variable] = string.IsNullOrEmpty(tunables) ? TcacheOff : tunables + ":" + TcacheOff;
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"Could not restart '{process}'.");
        child.WaitForExit();
        return child.ExitCode;
    }
}
