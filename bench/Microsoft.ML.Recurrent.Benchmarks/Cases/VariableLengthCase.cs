using System;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Variable-length training: the library on rows of 10 to 500 steps (its own batching of mixed lengths) against the
/// same rows padded with zeros to 500 steps and trained as one fixed-length tensor per batch — by the hand-written
/// loop, and by the library itself. Padding changes the answer, so only the padded pair's losses are compared. A third
/// pair streams the variable-length rows through a shuffle buffer holding all of them (<c>ShuffleBufferSize</c>), with
/// and without <c>BucketByLength</c>, to show what grouping by length is worth when streaming.
/// </summary>
internal sealed class VariableLengthCase : IBenchCase
{
    private const int MlSeed = 1;
    private static readonly NetworkSpec Spec = new(RecurrentCellType.Lstm, 1, 64, 1, BenchTask.Regression);
    private const int BatchSize = 32;

    public string Name => "variable-length training";

    public void Run(BenchOptions options, Report report)
    {
        int minSteps = options.Quick ? 5 : 10, maxSteps = options.Quick ? 40 : 500;
        int rows = (options.Quick ? 2 : 8) * BatchSize;
        int epochs = options.Quick ? 1 : 2;
        var variable = SyntheticData.Create(Spec, rows, minSteps, maxSteps, seed: 21);
        var padded = variable.PaddedToLongest();
        int longest = padded.Rows[0].Length / Spec.InputSize;
        int threads = ThreadSetting.For(options.Threads, Spec, BatchSize);
        int seed = LibraryWorkload.ReplaySeed(MlSeed, Spec, padded, BatchSize);

        double handLoss = double.NaN, paddedLoss = double.NaN;
        double Library(SyntheticData data, Action<double> loss, Action<RecurrentSupervisedOptions>? configure = null)
        {
            var ml = new MLContext(MlSeed);
            var view = LibraryWorkload.Load(ml, Spec, data);
            var trainer = LibraryWorkload.Trainer(ml, Spec, BatchSize, epochs, options.Threads, configure: configure);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var model = trainer.Fit(view);
            double seconds = watch.Elapsed.TotalSeconds;
            loss(model.TrainingHistory.Epochs[0].TrainingLoss);
            return seconds;
        }

        double HandPadded()
        {
            ThreadSetting.UseForHand(threads);
            var run = HandTrainer.Train(Spec, padded, BatchSize, epochs, seed, LibraryWorkload.LearningRate);
            handLoss = run.FirstEpochLoss;
            return run.Seconds;
        }

        if (!options.Quick)
        {
            Library(variable, _ => { });
            Library(padded, _ => { });
            HandPadded();
        }

        long steps = (long)rows / BatchSize * epochs;
        string workload = Report.Invariant($"variable-length training {Spec.Describe()}, seq {minSteps}–{maxSteps}");
        void Add(string comparison, Timing timing, string notes) => report.Add(new Result(
            workload + comparison,
            Report.Invariant($"{steps / timing.Library:F1} steps/s"),
            Report.Invariant($"{steps / timing.Hand:F1} steps/s"),
            timing.Ratio,
            1.0,
            notes + Report.Invariant($"; others busy {timing.Load:F1}") + TrainingCase.Notes(timing)));

        var vsHand = Interleaved.Compare(() => Library(variable, _ => { }), HandPadded, options.Repeats);
        Add(Report.Invariant($" vs hand-written padded to {longest}"), vsHand, Report.Invariant($"{threads} threads, batch {BatchSize}, {steps} steps"));

        var vsPadded = Interleaved.Compare(() => Library(variable, _ => { }), () => Library(padded, l => paddedLoss = l), options.Repeats);
        string same = Math.Abs(paddedLoss - handLoss) <= 1e-4 * Math.Max(1, Math.Abs(handLoss)) ? "same" : "DIFFERENT";
        Add(Report.Invariant($" vs the library on rows padded to {longest}"), vsPadded,
            Report.Invariant($"padded first-epoch loss, library vs hand-written: {paddedLoss:F6} vs {handLoss:F6} ({same})"));

        void Streamed(RecurrentSupervisedOptions o, bool bucket)
        {
            o.ShuffleBufferSize = rows;
            o.BucketByLength = bucket;
        }

        var streamed = Interleaved.Compare(() => Library(variable, _ => { }, o => Streamed(o, bucket: true)), () => Library(variable, _ => { }, o => Streamed(o, bucket: false)), options.Repeats);
        Add(", streamed: grouped by length vs not", streamed,
            Report.Invariant($"shuffle buffer {rows} rows, pools of {Math.Clamp(rows / 2 / BatchSize, 1, Training.LengthBuckets.PoolBatches)} batches"));
    }
}
