using System;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Variable-length training: the library on rows of 10 to 500 steps (its own batching of mixed lengths) against the
/// same rows padded with zeros to 500 steps and trained as one fixed-length tensor per batch — by the hand-written
/// loop, and by the library itself. Padding changes the answer, so only the padded pair's losses are compared.
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
        double Library(SyntheticData data, Action<double> loss)
        {
            var ml = new MLContext(MlSeed);
            var view = LibraryWorkload.Load(ml, Spec, data);
            var trainer = LibraryWorkload.Trainer(ml, Spec, BatchSize, epochs, options.Threads);
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
        var vsHand = Interleaved.Compare(() => Library(variable, _ => { }), HandPadded, options.Repeats);
        report.Add(new Result(
            Report.Invariant($"variable-length training {Spec.Describe()}, seq {minSteps}–{maxSteps} vs hand-written padded to {longest}"),
            Report.Invariant($"{steps / vsHand.Library:F1} steps/s"),
            Report.Invariant($"{steps / vsHand.Hand:F1} steps/s"),
            vsHand.Ratio,
            1.0,
            Report.Invariant($"{threads} threads, batch {BatchSize}, {steps} steps; others busy {vsHand.Load:F1}") + TrainingCase.Notes(vsHand)));

        var vsPadded = Interleaved.Compare(() => Library(variable, _ => { }), () => Library(padded, l => paddedLoss = l), options.Repeats);
        string same = Math.Abs(paddedLoss - handLoss) <= 1e-4 * Math.Max(1, Math.Abs(handLoss)) ? "same" : "DIFFERENT";
        report.Add(new Result(
            Report.Invariant($"variable-length training {Spec.Describe()}, seq {minSteps}–{maxSteps} vs the library on rows padded to {longest}"),
            Report.Invariant($"{steps / vsPadded.Library:F1} steps/s"),
            Report.Invariant($"{steps / vsPadded.Hand:F1} steps/s"),
            vsPadded.Ratio,
            1.0,
            Report.Invariant($"padded first-epoch loss, library vs hand-written: {paddedLoss:F6} vs {handLoss:F6} ({same}); others busy {vsPadded.Load:F1}") + TrainingCase.Notes(vsPadded)));
    }
}
