using System;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;
using Microsoft.ML.Recurrent.Native;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Memory soak of training (the oneDNN LSTM path, where unbounded growth was seen): one <c>Fit</c> of 10,000 steps,
/// the working set read at the end of every epoch of 100 steps through <c>MLContext.Log</c>. The target: the working
/// set at step 10,000 within 5% of the one at step 1,000. A watchdog cancels training past the memory limit.
/// </summary>
internal sealed partial class TrainingSoakCase : IBenchCase
{
    private static readonly NetworkSpec Spec = new(RecurrentCellType.Lstm, 1, 64, 1, BenchTask.Regression);
    private const int Steps = 50;
    private const int BatchSize = 64;

    public string Name => "soak training";

    public void Run(BenchOptions options, Report report)
    {
        int batchesPerEpoch = options.Quick ? 10 : 100;
        int epochs = options.Quick ? 20 : 100;
        int baselineEpoch = epochs / 10;
        var data = SyntheticData.Create(Spec, batchesPerEpoch * BatchSize, Steps, Steps, seed: 31);
        var ml = new MLContext(1);
        var view = LibraryWorkload.Load(ml, Spec, data);
        var workingSet = new ConcurrentDictionary<int, long>();
        var elapsed = new ConcurrentDictionary<int, TimeSpan>();
        var managed = new ConcurrentDictionary<int, long>();       // committed by the .NET GC
        var mallocInUse = new ConcurrentDictionary<int, long>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int heapWarnings = 0;
        ml.Log += (_, e) =>
        {
            var match = EpochMessage().Match(e.Message);
            if (match.Success)
            {
                int epoch = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                workingSet[epoch] = Machine.WorkingSet();
                elapsed[epoch] = clock.Elapsed;
                managed[epoch] = GC.GetGCMemoryInfo().TotalCommittedBytes;
                mallocInUse[epoch] = HeapTrimmer.TryReadStatistics(out long inUse, out long heldFree, out long mapped) ? inUse : 0;
            }
            else if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning && e.Message.Contains("hoarding", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref heapWarnings);
            }
        };

        using var cancel = new CancellationTokenSource();
        long peak = 0;
        using var watchdog = new Timer(_ =>
        {
            long now = Machine.WorkingSet();
            peak = Math.Max(peak, now);
            if (now > options.MemoryLimitBytes)
                cancel.Cancel();
        }, null, 0, 200);

        var trainer = LibraryWorkload.Trainer(ml, Spec, BatchSize, epochs, options.Threads, cancel.Token);
        string outcome = "completed";
        try
        {
            using var model = trainer.Fit(view);
        }
        catch (OperationCanceledException)
        {
            outcome = Report.Invariant($"STOPPED at the {Machine.Mib(options.MemoryLimitBytes)} limit after epoch {workingSet.Keys.Count}");
        }

        long baseline = (workingSet.TryGetValue(baselineEpoch, out long vbaselineEpoch) ? vbaselineEpoch : 0);
        int lastEpoch = 0;
        foreach (var k in workingSet.Keys)
            lastEpoch = Math.Max(lastEpoch, k);
        long last = (workingSet.TryGetValue(lastEpoch, out long vlastEpoch) ? vlastEpoch : 0);
        report.Add(new Result(
            Report.Invariant($"training working set, {Spec.Describe()} seq {Steps} batch {BatchSize}: step {(long)baselineEpoch * batchesPerEpoch:N0} → {(long)lastEpoch * batchesPerEpoch:N0}"),
            Machine.Mib(last),
            Machine.Mib(baseline),
            baseline == 0 ? double.PositiveInfinity : (double)last / baseline,
            1.05,
            Report.Invariant($"{outcome}; peak during the soak {Machine.Mib(peak)}; {Trace(workingSet, epochs)}; {Speed(elapsed, epochs, batchesPerEpoch)}; {Growth("committed by the .NET GC", managed, baselineEpoch, lastEpoch)}; {Growth("malloc in use", mallocInUse, baselineEpoch, lastEpoch)}; {NativeHeap.Describe()}{(heapWarnings > 0 ? "; the library warned that malloc hoards and trimmed it" : "")}")));
    }

    /// <summary>"what X → Y MiB" between the baseline and the last epoch: where the working set's change comes from.</summary>
    private static string Growth(string what, ConcurrentDictionary<int, long> bytes, int from, int to)
        => Report.Invariant($"{what} {(bytes.TryGetValue(from, out long a) ? a >> 20 : 0)} → {(bytes.TryGetValue(to, out long b) ? b >> 20 : 0)} MiB");

    private static string Trace(ConcurrentDictionary<int, long> workingSet, int epochs)
    {
        var parts = new System.Collections.Generic.List<string>();
        for (int e = epochs / 10; e <= epochs; e += epochs / 10)
        {
            if (workingSet.TryGetValue(e, out long ws))
                parts.Add(Report.Invariant($"{ws / 1048576}"));
        }

        return "MiB every 10% of the run: " + string.Join(" ", parts);
    }

    /// <summary>Steps per second over the first and the last tenth of the run: trimming a hoarding heap must not make
    /// long runs slower and slower.</summary>
    private static string Speed(ConcurrentDictionary<int, TimeSpan> elapsed, int epochs, int batchesPerEpoch)
    {
        int tenth = epochs / 10;
        if (!elapsed.TryGetValue(1, out var first) || !elapsed.TryGetValue(1 + tenth, out var firstTenth)
            || !elapsed.TryGetValue(epochs - tenth, out var lastTenthStart) || !elapsed.TryGetValue(epochs, out var end))
            return "steps/s: run incomplete";
        double early = tenth * batchesPerEpoch / (firstTenth - first).TotalSeconds;
        double late = tenth * batchesPerEpoch / (end - lastTenthStart).TotalSeconds;
        return Report.Invariant($"steps/s after the first epoch {early:F0}, over the last tenth {late:F0}");
    }

    [GeneratedRegex(@"Epoch (\d+): training loss")]
    private static partial Regex EpochMessage();
}
