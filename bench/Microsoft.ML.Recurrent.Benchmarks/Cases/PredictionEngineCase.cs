using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// One-row latency: <c>PredictionEngine.Predict</c> (reading Score, Probability and PredictedLabel, as a user's output
/// class does) against a batch-1 forward pass from a float[] with the same weights. Medians of single calls.
/// </summary>
internal sealed class PredictionEngineCase : IBenchCase
{
    private static readonly NetworkSpec Spec = new(RecurrentCellType.Lstm, 1, 64, 1, BenchTask.Binary);
    private const int Steps = 50;

    public string Name => "engine latency";

    public void Run(BenchOptions options, Report report)
    {
        int calls = options.Quick ? 200 : 20_000;
        int blocks = options.Quick ? 2 : 10;
        var ml = new MLContext(1);
        var data = SyntheticData.Create(Spec, 256, Steps, Steps, seed: 6);
        using var model = LibraryWorkload.Trainer(ml, Spec, 64, 1, options.Threads).Fit(LibraryWorkload.Load(ml, Spec, data));
        var engine = ml.Model.CreatePredictionEngine<BinaryRow, BinaryPrediction>(model);
        using var hand = new HandScorer(Spec, model);
        int threads = ThreadSetting.For(options.Threads, Spec, 1);
        var inputs = new BinaryRow[data.Rows.Count];
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = new BinaryRow { Features = data.Rows[i] };

        var prediction = new BinaryPrediction();
        double maxDifference = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            engine.Predict(inputs[i], ref prediction);
            maxDifference = Math.Max(maxDifference, Math.Abs(prediction.Score - hand.ScoreOne(data.Rows[i])));
        }

        var library = new List<double>(calls);
        var reference = new List<double>(calls);
        int perBlock = calls / blocks;
        for (int block = 0; block < blocks; block++)
        {
            ThreadSetting.UseForHand(threads);
            for (int i = 0; i < perBlock; i++)
            {
                var row = data.Rows[i % data.Rows.Count];
                long start = Stopwatch.GetTimestamp();
                hand.ScoreOne(row);
                reference.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000);
            }

            for (int i = 0; i < perBlock; i++)
            {
                var input = inputs[i % inputs.Length];
                long start = Stopwatch.GetTimestamp();
                engine.Predict(input, ref prediction);
                library.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000);
            }
        }

        double lib = Interleaved.Median(library), raw = Interleaved.Median(reference);
        string tails = Report.Invariant($"mean {Mean(library):F0} vs {Mean(reference):F0} µs, 99th percentile {Percentile(library, 0.99):F0} vs {Percentile(reference, 0.99):F0} µs");
        string name = Report.Invariant($"PredictionEngine latency {Spec.Describe()}, seq {Steps}");
        report.Add(new Result(
            name,
            Report.Invariant($"{lib:F0} µs/row"),
            Report.Invariant($"{raw:F0} µs/row"),
            lib / raw,
            1.3,
            Report.Invariant($"{threads} threads; medians of {library.Count:N0} calls each ({tails}); largest score difference {maxDifference:G3}; others busy {Machine.Load():F1}")));
        if (options.PyTorch is string python)
        {
            var pytorch = PyTorchReference.Best(python, "latency", threads, options.Repeats, options.Quick);
            report.Add(PyTorchReference.Compare(name, lib / 1e6, pytorch, "µs/row", s => Report.Invariant($"{s * 1e6:F0}")));
        }
    }

    private static double Mean(List<double> values)
    {
        double sum = 0;
        foreach (var v in values)
            sum += v;
        return sum / values.Count;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
    }
}
