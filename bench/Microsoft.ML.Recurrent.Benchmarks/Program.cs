using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Recurrent.Benchmarks.Cases;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;
using Microsoft.ML.Recurrent;
using Microsoft.ML.Recurrent.Native;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

// Measured as the README recommends running training on Linux: restarted with glibc's thread cache off (set
// GLIBC_TUNABLES=glibc.malloc.tcache_count=7, glibc's default, to measure without it).
if (Samples.GlibcRelaunch.Needed())
    return Samples.GlibcRelaunch.Run(args);

// The hand-written loops call TorchSharp directly: load its native libraries the way the library does first.
TorchNativeLoader.EnsureLoaded();

var cases = new List<IBenchCase>
{
    new TrainingCase("training-lstm", new NetworkSpec(RecurrentCellType.Lstm, 1, 64, 1, BenchTask.Regression), steps: 50, batchSize: 64, batchesPerEpoch: 50, epochs: 8),
    new TrainingCase("training-gru", new NetworkSpec(RecurrentCellType.Gru, 10, 128, 2, BenchTask.Multiclass, Classes: 5), steps: 100, batchSize: 32, batchesPerEpoch: 15, epochs: 2),
    new TrainingCase("training-rnn", new NetworkSpec(RecurrentCellType.Rnn, 10, 32, 1, BenchTask.Binary), steps: 1000, batchSize: 16, batchesPerEpoch: 12, epochs: 2),
    new BatchScoringCase(),
    new PredictionEngineCase(),
    new VariableLengthCase(),
    new ForecastingCase(),
    new TrainingSoakCase(),
    new StreamingCase(),
    new EngineSoakCase(),
};

var report = new Report(Console.Out);
report.Line(Report.Invariant($"Microsoft.ML.Recurrent benchmark{(options.Quick ? " (--quick: tiny sizes, numbers not meaningful)" : "")}: {Environment.ProcessorCount} cores, others busy on {Machine.Load():F1} of them, {options.Repeats} interleaved repetitions per side"));
report.Line(Report.Invariant($"{Samples.GlibcRelaunch.Variable}={Environment.GetEnvironmentVariable(Samples.GlibcRelaunch.Variable) ?? "(unset)"}; {TorchNativeLoader.Report.Split(Environment.NewLine)[^1]}"));
report.Line("Ratio = library cost / reference cost (above 1: the library is slower or larger).");
foreach (var c in cases.Where(c => options.Includes(c.Name)))
{
    report.Line($"{c.Name}:");
    c.Run(options, report);
}

report.Summary();
return 0;
