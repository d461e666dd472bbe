using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Microsoft.ML.Recurrent.Native;

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
        => new(threads, Seconds(python, workload, threads, repeats, quick),
            threads > 1 ? Seconds(python, workload, 1, repeats, quick) : null);

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
        if (MallocTuning.Applied)   // PyTorch gets the malloc thresholds the library sets in this process while it trains
            info.Environment[MallocTuning.TunablesVariable] = Environment.GetEnvironmentVariable(MallocTuning.TunablesVariable)
                + Report.Invariant($":{MallocTuning.MmapThresholdTunable}={MallocTuning.ThresholdBytes}:{MallocTuning.TrimThresholdTunable}={MallocTuning.NoTrimThreshold}");
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
                ? Report.Invariant($"PyTorch's best of {format(pytorch.SameThreadsSeconds)} {unit} with the same threads (OMP_WAIT_POLICY=PASSIVE) and {format(single)} {unit} with 1 thread")
                : Report.Invariant($"PyTorch {pytorch.Threads} thread{(pytorch.Threads == 1 ? "" : "s")}"))
            + Report.Invariant($", same sizes, its own process; others busy {Machine.Load():F1}"));
}

/// <summary>PyTorch's seconds per unit of work with the library's thread count and, when that is more than one, with one
/// thread.</summary>
/// <param name="Threads">The library's thread count.</param>
/// <param name="SameThreadsSeconds">With <paramref name="Threads"/> threads.</param>
/// <param name="SingleThreadSeconds">With one thread (null when <paramref name="Threads"/> is one).</param>
internal sealed record Measurement(int Threads, double SameThreadsSeconds, double? SingleThreadSeconds)
{
    /// <summary>The faster of the timings.</summary>
    public double Seconds => Math.Min(SameThreadsSeconds, SingleThreadSeconds ?? double.PositiveInfinity);
}
