using System;
using System.Collections.Generic;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Memory soak of one-row scoring: 1,000,000 <c>PredictionEngine.Predict</c> calls; the working set after the last
/// call must be within 5% of the one after call 10,000. Stops early past the memory limit.
/// </summary>
internal sealed class EngineSoakCase : IBenchCase
{
    private static readonly NetworkSpec Spec = new(RecurrentCellType.Lstm, 1, 64, 1, BenchTask.Binary);
    private const int Steps = 50;

    public string Name => "soak engine";

    public void Run(BenchOptions options, Report report)
    {
        long calls = options.Quick ? 5_000 : 1_000_000;
        long baselineCall = options.Quick ? calls / 10 : 10_000;
        var ml = new MLContext(1);
        var data = SyntheticData.Create(Spec, 256, Steps, Steps, seed: 41);
        using var model = LibraryWorkload.Trainer(ml, Spec, 64, 1, options.Threads).Fit(LibraryWorkload.Load(ml, Spec, data));
        var engine = ml.Model.CreatePredictionEngine<BinaryRow, BinaryPrediction>(model);
        var inputs = new BinaryRow[data.Rows.Count];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = new BinaryRow { Features = data.Rows[i] };

        var prediction = new BinaryPrediction();
        var samples = new List<string>();
        long baseline = 0, last = 0, peak = 0, done = 0;
        string outcome = "completed";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (long call = 1; call <= calls; call++)
        {
            engine.Predict(inputs[call % inputs.Length], ref prediction);
            done = call;
            if (call % (calls / 10) == 0 || call == baselineCall)
            {
                last = Machine.WorkingSet();
                peak = Math.Max(peak, last);
                if (call == baselineCall)
                    baseline = last;
                else
                    samples.Add(Report.Invariant($"{last / 1048576}"));
                if (last > options.MemoryLimitBytes)
                {
                    outcome = Report.Invariant($"STOPPED at the {Machine.Mib(options.MemoryLimitBytes)} limit after {call:N0} calls");
                    break;
                }
            }
        }

        report.Add(new Result(
            Report.Invariant($"PredictionEngine working set, {Spec.Describe()} seq {Steps}: call {baselineCall:N0} → {done:N0}"),
            Machine.Mib(last),
            Machine.Mib(baseline),
            (double)last / baseline,
            1.05,
            Report.Invariant($"{outcome} in {watch.Elapsed.TotalSeconds:F0} s; peak {Machine.Mib(peak)}; MiB every 10% of the run: {string.Join(" ", samples)}")));
    }
}
