using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>
/// Runs <c>pytorch/reference.py</c> (copied next to the benchmark) with the Python given by <c>--pytorch</c>: the same
/// network and sizes in PyTorch, one child process per workload, so the library can be held to "no slower than PyTorch".
/// </summary>
internal static class PyTorchReference
{
    /// <summary>Median seconds per unit of work (training step, scored row, call) that PyTorch reports.</summary>
    public static double Seconds(string python, string workload, int threads, int repeats, bool quick)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch", "reference.py");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(workload);
        info.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(repeats.ToString(CultureInfo.InvariantCulture));
        if (quick)
            info.ArgumentList.Add("--quick");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{python}'.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{python} {script} {workload}' failed with exit code {process.ExitCode}: {error.Trim()}");
        return double.Parse(output.Result.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The result row comparing the library's seconds per unit with PyTorch's.</summary>
    public static Result Compare(string name, double librarySeconds, double pytorchSeconds, string unit, Func<double, string> format, int threads)
        => new(name + " vs PyTorch", format(librarySeconds) + " " + unit, format(pytorchSeconds) + " " + unit,
            librarySeconds / pytorchSeconds, 1.0, Report.Invariant($"PyTorch {threads} threads, same sizes, its own process; others busy {Machine.Load():F1}"));
}
