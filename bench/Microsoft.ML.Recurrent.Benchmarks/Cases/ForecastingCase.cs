using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;
using Microsoft.ML.Recurrent.Forecasting;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Forecasting on a long series (1,000,000 points): <c>ForecastByRecurrent</c>'s <c>Fit</c> (reading the series,
/// windowing, training on <see cref="WindowsPerEpoch"/> windows, scoring the ~100,000 calibration windows that choose the
/// epoch and set the bounds) against <see cref="HandForecaster"/> doing the same work by hand (same windows in the same
/// order from the same initial weights, same batches, same calibration pass), and the forecast engine's <c>Predict</c>
/// against a batch-1 forward of one window. The hand-written training alone (no calibration) is shown for scale.
/// </summary>
internal sealed class ForecastingCase : IBenchCase
{
    private const int MlSeed = 1;
    private const int Window = 48;
    private const int Horizon = 12;
    private const int BatchSize = 32;
    private const int WindowsPerEpoch = 100 * BatchSize;
    private const float LearningRate = 0.003f;
    private static readonly NetworkSpec Spec = new(RecurrentCellType.Lstm, 1, 64, 1, BenchTask.Regression, Outputs: Horizon);

    public string Name => "forecasting";

    public void Run(BenchOptions options, Report report)
    {
        int points = options.Quick ? 5_000 : 1_000_000;
        int windows = options.Quick ? 2 * BatchSize : WindowsPerEpoch;
        var rng = new Random(51);
        var series = new Observation[points];
        for (int t = 0; t < points; t++)
            series[t] = new Observation { Value = (float)(Math.Sin(t * 2 * Math.PI / 24) + 0.1 * (rng.NextDouble() - 0.5) + t * 1e-6) };
        var values = new ObservationValues(series);
        int threads = ThreadSetting.For(options.Threads, Spec, BatchSize);
        int scoringBatch = ForecastModel.ScoringBatch(new NetworkShape(1, Spec.Cell, Spec.HiddenSize, 1, false, 0, Horizon, 0), Window);
        int seed = ReplaySeed(series, windows, options.Threads);

        RecurrentForecastingTransformer? model = null;
        MLContext? ml = null;
        HandForecastRun? hand = null;
        double Library()
        {
            ml = new MLContext(MlSeed);
            var view = ml.Data.LoadFromEnumerable(series);
            var forecaster = ml.Forecasting.ForecastByRecurrent(Options(windows, options.Threads));
            var watch = Stopwatch.StartNew();
            (model as IDisposable)?.Dispose();
            model = forecaster.Fit(view);
            return watch.Elapsed.TotalSeconds;
        }

        double Hand()
        {
            ThreadSetting.UseForHand(threads);
            hand = HandForecaster.Train(Spec, values, Window, windows, BatchSize, scoringBatch, 1, seed, LearningRate);
            return hand.Seconds;
        }

        if (!options.Quick)
        {
            Library();
            Hand();
        }

        var fit = Interleaved.Compare(Library, Hand, options.Quick ? 1 : options.Repeats);
        ThreadSetting.UseForHand(threads);
        double trainingAlone = HandForecaster.Train(Spec, values, Window, windows, BatchSize, scoringBatch, 1, seed, LearningRate, calibrate: false).Seconds;
        var epoch = model!.TrainingHistory.Epochs[0];
        var residuals = model.Model.ResidualScale;
        bool same = Close(epoch.TrainingLoss, hand!.FirstEpochLoss) && Close(epoch.ValidationLoss ?? double.NaN, hand.CalibrationLoss)
            && residuals.Zip(hand.ResidualScale).All(p => Close(p.First, p.Second));
        int calibration = (int)Math.Round(0.1 * (points - Window - Horizon + 1));
        report.Add(new Result(
            Report.Invariant($"forecasting Fit, {points:N0} points, window {Window}, horizon {Horizon}, {windows:N0} training windows, {calibration:N0} calibration windows"),
            Report.Invariant($"{fit.Library:F2} s"),
            Report.Invariant($"{fit.Hand:F2} s"),
            fit.Ratio,
            1.05,
            Report.Invariant($"{threads} threads, scoring {scoringBatch} windows per pass; first-epoch loss {epoch.TrainingLoss:F6} vs {hand.FirstEpochLoss:F6}, calibration loss {epoch.ValidationLoss:F6} vs {hand.CalibrationLoss:F6}, residual scale {(same ? "same" : "DIFFERENT")}; ") +
            Report.Invariant($"hand-written training alone (no calibration) {trainingAlone:F2} s; others busy {fit.Load:F1}") + TrainingCase.Notes(fit)));

        var engine = model!.CreateForecastEngine<Observation, ForecastOutput>(ml!);
        using var network = new HandNetwork(Spec);
        network.eval();
        var window = series.Skip(points - Window).Select(o => o.Value).ToArray();
        var buffer = new float[Window];
        float[] Forward()
        {
            // Per-window standardisation, then one forward pass: what the forecaster does per call.
            float mean = window.Average(), std = MathF.Sqrt(window.Select(v => (v - mean) * (v - mean)).Average()) + 1e-6f;
            for (int i = 0; i < Window; i++)
                buffer[i] = (window[i] - mean) / std;
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return network.call(tensor(buffer, new long[] { 1, Window, 1 })).data<float>().ToArray();   // -> (1, H)
        }

        int calls = options.Quick ? 100 : 5_000;
        var library = new List<double>();
        var reference = new List<double>();
        int oneRowThreads = ThreadSetting.For(options.Threads, Spec, 1);   // what the engine chooses for one window
        for (int block = 0; block < 5; block++)
        {
            ThreadSetting.UseForHand(oneRowThreads);
            for (int i = 0; i < calls / 5; i++)
            {
                long start = Stopwatch.GetTimestamp();
                Forward();
                reference.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000);
            }

            for (int i = 0; i < calls / 5; i++)
            {
                long start = Stopwatch.GetTimestamp();
                engine.Predict();
                library.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000);
            }
        }

        double lib = Interleaved.Median(library), raw = Interleaved.Median(reference);
        report.Add(new Result(
            Report.Invariant($"forecast engine Predict latency, window {Window}, horizon {Horizon}"),
            Report.Invariant($"{lib:F0} µs/call"),
            Report.Invariant($"{raw:F0} µs/call"),
            lib / raw,
            1.3,
            Report.Invariant($"medians of {library.Count:N0} calls each; reference: standardise the window, batch-1 forward, {oneRowThreads} thread(s); others busy {Machine.Load():F1}")));
        (model as IDisposable)?.Dispose();
    }

    private static RecurrentForecastingOptions Options(int windows, int? threads) => new()
    {
        InputColumnName = nameof(Observation.Value),
        OutputColumnName = "Forecast",
        WindowSize = Window,
        Horizon = Horizon,
        HiddenSize = Spec.HiddenSize,
        BatchSize = BatchSize,
        NumberOfEpochs = 1,
        LearningRate = LearningRate,
        MaxWindowsPerEpoch = windows,
        NumberOfThreads = threads,
    };

    /// <summary>The seed the library's Fit draws from <c>new MLContext(MlSeed)</c> after the same calls, so the hand-written
    /// loop starts from the same weights and shuffles the same way (the loss comparison shows whether it worked).</summary>
    private static int ReplaySeed(Observation[] series, int windows, int? threads)
    {
        var ml = new MLContext(MlSeed);
        var view = ml.Data.LoadFromEnumerable(series.Take(10));
        ml.Forecasting.ForecastByRecurrent(Options(windows, threads));
        using (var cursor = view.GetRowCursor(view.Schema))
        {
        }

        return new TrainingContext(ml, nameof(RecurrentForecastingEstimator)).Seed;
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-4 * Math.Max(1, Math.Abs(b));

    /// <summary>The series values, read from the observations when the hand-written side copies them.</summary>
    private sealed class ObservationValues : IReadOnlyList<float>
    {
        private readonly Observation[] _observations;

        public ObservationValues(Observation[] observations) => _observations = observations;

        public int Count => _observations.Length;

        public float this[int index] => _observations[index].Value;

        public IEnumerator<float> GetEnumerator() => _observations.Select(o => o.Value).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public sealed class Observation
    {
        public float Value { get; set; }
    }

    public sealed class ForecastOutput
    {
        public float[] Forecast { get; set; } = Array.Empty<float>();
    }
}
