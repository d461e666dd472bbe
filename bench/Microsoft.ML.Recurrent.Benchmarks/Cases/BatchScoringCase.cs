using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>Batch scoring: <c>model.Transform</c> and a cursor over every row's Score, against batched forward passes.</summary>
internal sealed class BatchScoringCase : IBenchCase
{
    private static readonly NetworkSpec Spec = new(RecurrentCellType.Lstm, 1, 128, 2, BenchTask.Binary);
    private const int Steps = 100;
    private const int BatchSize = 256;

    public string Name => "batch scoring";

    public void Run(BenchOptions options, Report report)
    {
        int rows = options.Quick ? 1_000 : 100_000;
        int steps = options.Quick ? 20 : Steps;
        var ml = new MLContext(1);
        var trainData = SyntheticData.Create(Spec, 512, steps, steps, seed: 3);
        using var model = LibraryWorkload.Trainer(ml, Spec, BatchSize, 1, options.Threads).Fit(LibraryWorkload.Load(ml, Spec, trainData));
        var data = SyntheticData.Create(Spec, rows, steps, steps, seed: 4);
        var view = LibraryWorkload.Load(ml, Spec, data);
        using var hand = new HandScorer(Spec, model);
        int threads = ThreadSetting.For(options.Threads, Spec, BatchSize);

        var libraryScores = new float[rows];
        float[] handScores = Array.Empty<float>();
        double Library()
        {
            var watch = Stopwatch.StartNew();
            var scored = model.Transform(view);
            using var cursor = scored.GetRowCursor(new[] { scored.Schema["Score"] });
            var getter = cursor.GetGetter<float>(scored.Schema["Score"]);
            int i = 0;
            while (cursor.MoveNext())
                getter(ref libraryScores[i++]);
            return watch.Elapsed.TotalSeconds;
        }

        double Hand()
        {
            ThreadSetting.UseForHand(threads);
            var watch = Stopwatch.StartNew();
            handScores = hand.ScoreAll(data.Rows, BatchSize);
            return watch.Elapsed.TotalSeconds;
        }

        if (!options.Quick)
        {
            var warmUp = SyntheticData.Create(Spec, 2 * BatchSize, steps, steps, seed: 5);
            model.Transform(LibraryWorkload.Load(ml, Spec, warmUp)).GetColumn<float>("Score").ToArray();
            hand.ScoreAll(warmUp.Rows, BatchSize);
        }

        var timing = Interleaved.Compare(Library, Hand, options.Repeats);
        double maxDifference = 0;
        for (int i = 0; i < rows; i++)
            maxDifference = Math.Max(maxDifference, Math.Abs(libraryScores[i] - handScores[i]));
        string name = Report.Invariant($"batch scoring {Spec.Describe()}, seq {steps}, {rows:N0} rows, batch {BatchSize}");
        report.Add(new Result(
            name,
            Report.Invariant($"{rows / timing.Library:F0} rows/s"),
            Report.Invariant($"{rows / timing.Hand:F0} rows/s"),
            timing.Ratio,
            1.05,
            Report.Invariant($"{threads} threads; largest score difference {maxDifference:G3}; others busy {timing.Load:F1}") + TrainingCase.Notes(timing)));
        if (options.PyTorch is string python)
        {
            var pytorch = PyTorchReference.Best(python, "scoring", threads, options.Repeats, options.Quick);
            report.Add(PyTorchReference.Compare(name, timing.Library / rows, pytorch, "rows/s", s => Report.Invariant($"{1 / s:F0}")));
        }
    }
}
