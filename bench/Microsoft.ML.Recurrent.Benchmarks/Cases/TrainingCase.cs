using System;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Training throughput: <c>Fit</c> through ML.NET (reading the IDataView included) against the hand-written TorchSharp
/// loop on the same rows, from the same initial weights, in the same batch order, with the same thread count.
/// </summary>
internal sealed class TrainingCase : IBenchCase
{
    private const int MlSeed = 1;
    private readonly string _pyTorchWorkload;
    private readonly NetworkSpec _spec;
    private readonly int _steps;
    private readonly int _batchSize;
    private readonly int _batchesPerEpoch;
    private readonly int _epochs;

    public TrainingCase(string pyTorchWorkload, NetworkSpec spec, int steps, int batchSize, int batchesPerEpoch, int epochs)
    {
        _pyTorchWorkload = pyTorchWorkload;
        _spec = spec;
        _steps = steps;
        _batchSize = batchSize;
        _batchesPerEpoch = batchesPerEpoch;
        _epochs = epochs;
    }

    public string Name => $"training {_spec.Describe()}";

    public void Run(BenchOptions options, Report report)
    {
        int steps = options.Quick ? Math.Min(_steps, 20) : _steps;
        int batches = options.Quick ? 2 : _batchesPerEpoch;
        int epochs = options.Quick ? 1 : _epochs;
        var data = SyntheticData.Create(_spec, batches * _batchSize, steps, steps, seed: 11);
        int threads = ThreadSetting.For(options.Threads, _spec, _batchSize);
        int seed = LibraryWorkload.ReplaySeed(MlSeed, _spec, data, _batchSize);

        double libraryLoss = double.NaN, handLoss = double.NaN, outsideEpochs = 0;
        double Library()
        {
            var ml = new MLContext(MlSeed);
            var view = LibraryWorkload.Load(ml, _spec, data);
            var trainer = LibraryWorkload.Trainer(ml, _spec, _batchSize, epochs, options.Threads);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var model = trainer.Fit(view);
            double seconds = watch.Elapsed.TotalSeconds;
            libraryLoss = model.TrainingHistory.Epochs[0].TrainingLoss;
            outsideEpochs = seconds;
            foreach (var e in model.TrainingHistory.Epochs)
                outsideEpochs -= e.Duration.TotalSeconds;
            return seconds;
        }

        double Hand()
        {
            ThreadSetting.UseForHand(threads);
            var run = HandTrainer.Train(_spec, data, _batchSize, epochs, seed, LibraryWorkload.LearningRate);
            handLoss = run.FirstEpochLoss;
            return run.Seconds;
        }

        double libraryAllocated = 0, handAllocated = 0;
        if (!options.Quick)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            Library();
            long between = GC.GetTotalAllocatedBytes(precise: true);
            Hand();
            long after = GC.GetTotalAllocatedBytes(precise: true);
            (libraryAllocated, handAllocated) = (between - before, after - between);
        }

        var timing = Interleaved.Compare(Library, Hand, options.Repeats);
        long totalSteps = (long)batches * epochs;
        string same = Math.Abs(libraryLoss - handLoss) <= 1e-4 * Math.Max(1, Math.Abs(handLoss)) ? "same" : "DIFFERENT";
        string name = Report.Invariant($"training {_spec.Describe()}, seq {steps}, batch {_batchSize}, {_spec.Task}");
        report.Add(new Result(
            name,
            Report.Invariant($"{totalSteps / timing.Library:F1} steps/s"),
            Report.Invariant($"{totalSteps / timing.Hand:F1} steps/s"),
            timing.Ratio,
            1.05,
            Report.Invariant($"{threads} threads, {totalSteps} steps; first-epoch loss {libraryLoss:F6} vs {handLoss:F6} ({same}); Fit outside its epochs {outsideEpochs * 1000:F0} ms; managed allocation per step {libraryAllocated / totalSteps / 1024:F1} KiB vs {handAllocated / totalSteps / 1024:F1} KiB (whole run, data loading included); others busy {timing.Load:F1}") + Notes(timing)));
        if (options.PyTorch is string python)
        {
            var pytorch = PyTorchReference.Best(python, _pyTorchWorkload, threads, options.Repeats, options.Quick);
            report.Add(PyTorchReference.Compare(name, timing.Library / totalSteps, pytorch, "steps/s", s => Report.Invariant($"{1 / s:F1}")));
        }
    }

    internal static string Notes(Timing timing) => timing.Notes.Count == 0 ? "" : "; " + string.Join("; ", timing.Notes);
}
