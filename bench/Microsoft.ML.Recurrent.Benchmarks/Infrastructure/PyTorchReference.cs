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
    /// <summary>
    /// PyTorch at its best on this machine for <paramref name="threads"/>: with more than one thread it is timed both
    /// with that many threads and with one, and the faster is kept, so the library is held to the stricter bar.
    /// </summary>
    /// <remarks>
    /// Debian's PyTorch 1.13 runs OpenBLAS's own threads beside its OpenMP threads; with libgomp's default spinning the
    /// two pools fight over 2 cores and GRU training fell to 3–5 steps/s. With <c>OMP_WAIT_POLICY=PASSIVE</c> (set here
    /// for a multi-thread run unless the environment sets it) it runs at 17 steps/s, yet one thread is still faster for
    /// the LSTM and GRU workloads here (measured 2026-11-23: LSTM 64 vs 101 steps/s, GRU 17.4 vs 19.4).
    /// </remarks>
    public static Measurement Best(string python, string workload, int threads, int repeats, bool quick)
    {
        double seconds = Seconds(python, workload, threads, repeats, quick);
        if (threads <= 1)
            return new Measurement(seconds, threads, seconds, null);
        double single = Seconds(python, workload, 1, repeats, quick);
        return new Measurement(Math.Min(seconds, single), single < seconds ? 1 : threads, seconds, single);
    }

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
        if (threads > 1 && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            info.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{python}'.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{python} {script} {workload}' failed with exit code {process.ExitCode}: {error.Trim()}");
        return double.Parse(output.Result.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The result row comparing the library's seconds per unit with PyTorch's best.</summary>
    public static Result Compare(string name, double librarySeconds, Measurement pytorch, string unit, Func<double, string> format)
        => new(name + " vs PyTorch", format(librarySeconds) + " " + unit, format(pytorch.Seconds) + " " + unit,
            librarySeconds / pytorch.Seconds, 1.0,
            (pytorch.SingleThreadSeconds is double single
                ? $"PyTorch's best of {format(pytorch.RequestedThreadsSeconds)} {unit} with the same threads (OMP_WAIT_POLICY=PASSIVE) and {format(single)} {unit} with 1 thread"
                : Report.Invariant($"PyTorch {pytorch.Threads} thread{(pytorch.Threads == 1 ? "" : "s")}"))
            + Report.Invariant($", same sizes, its own process; others busy {Machine.Load():F1}"));
}

/// <summary>PyTorch's seconds per unit of work: the best, with how many threads, and both timings.</summary>
/// <param name="Seconds">The faster of the timings.</param>
/// <param name="Threads">The thread count that gave it.</param>
/// <param name="RequestedThreadsSeconds">With the library's thread count.</param>
/// <param name="SingleThreadSeconds">With one thread (null when the library's thread count is one).</param>
internal sealed record Measurement(double Seconds, int Threads, double RequestedThreadsSeconds, double? SingleThreadSeconds);
