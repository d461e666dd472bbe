using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Forecasting on a long series (1,000,000 points): <c>ForecastByRecurrent</c>'s <c>Fit</c> (reading the series,
/// windowing, training on <see cref="WindowsPerEpoch"/> windows, calibrating its bounds) against the hand-written loop
/// training the same number of windows, and the forecast engine's <c>Predict</c> against a batch-1 forward of one window.
/// The hand-written network has one output instead of <see cref="Horizon"/> (a 64×1 instead of 64×12 head: no
/// measurable difference).
/// </summary>
internal sealed class ForecastingCase : IBenchCase
{
    private const int Window = 48;
    private const int Horizon = 12;
    private const int BatchSize = 32;
    private const int WindowsPerEpoch = 100 * BatchSize;
    private static readonly NetworkSpec Spec = new(RecurrentCellType.Lstm, 1, 64, 1, BenchTask.Regression);

    public string Name => "forecasting";

    public void Run(BenchOptions options, Report report)
    {
        int points = options.Quick ? 5_000 : 1_000_000;
        int windows = options.Quick ? 2 * BatchSize : WindowsPerEpoch;
        var rng = new Random(51);
        var series = new Observation[points];
        for (int t = 0; t < points; t++)
            series[t] = new Observation { Value = (float)(Math.Sin(t * 2 * Math.PI / 24) + 0.1 * (rng.NextDouble() - 0.5) + t * 1e-6) };
        var windowRows = Enumerable.Range(0, windows).Select(_ => rng.Next(points - Window - 1)).ToArray();
        var handData = SyntheticDataFromWindows(series, windowRows);
        int threads = ThreadSetting.For(options.Threads, Spec, BatchSize);

        RecurrentForecastingTransformer? model = null;
        MLContext? ml = null;
        int calibration = 0;
        double Library()
        {
            ml = new MLContext(1);
            var view = ml.Data.LoadFromEnumerable(series);
            var forecaster = ml.Forecasting.ForecastByRecurrent(new RecurrentForecastingOptions
            {
                InputColumnName = nameof(Observation.Value),
                OutputColumnName = "Forecast",
                WindowSize = Window,
                Horizon = Horizon,
                HiddenSize = Spec.HiddenSize,
                BatchSize = BatchSize,
                NumberOfEpochs = 1,
                MaxWindowsPerEpoch = windows,
                NumberOfThreads = options.Threads,
            });
            var watch = Stopwatch.StartNew();
            (model as IDisposable)?.Dispose();
            model = forecaster.Fit(view);
            calibration = (int)(0.1 * (points - Window - Horizon + 1));
            return watch.Elapsed.TotalSeconds;
        }

        double Hand()
        {
            ThreadSetting.UseForHand(threads);
            return HandTrainer.Train(Spec, handData, BatchSize, 1, seed: 1, LibraryWorkload.LearningRate).Seconds;
        }

        var fit = Interleaved.Compare(Library, Hand, options.Quick ? 1 : Math.Min(options.Repeats, 2));
        report.Add(new Result(
            Report.Invariant($"forecasting Fit, {points:N0} points, window {Window}, horizon {Horizon}, {windows:N0} training windows"),
            Report.Invariant($"{fit.Library:F2} s"),
            Report.Invariant($"{fit.Hand:F2} s"),
            fit.Ratio,
            1.05,
            Report.Invariant($"{threads} threads; the library also reads the series into windows and scores about {calibration:N0} calibration windows for its bounds; load {fit.Load:F1}") + TrainingCase.Notes(fit)));

        var engine = model!.CreateForecastEngine<Observation, ForecastOutput>(ml!);
        using var hand = new HandNetwork(Spec);
        hand.eval();
        var window = series.Skip(points - Window).Select(o => o.Value).ToArray();
        var buffer = new float[Window];
        float Forward()
        {
            // Per-window standardisation, then one forward pass: what the forecaster does per call.
            float mean = window.Average(), std = MathF.Sqrt(window.Select(v => (v - mean) * (v - mean)).Average()) + 1e-6f;
            for (int i = 0; i < Window; i++)
                buffer[i] = (window[i] - mean) / std;
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return hand.call(tensor(buffer, new long[] { 1, Window, 1 })).item<float>();
        }

        int calls = options.Quick ? 100 : 5_000;
        var library = new List<double>();
        var reference = new List<double>();
        for (int block = 0; block < 5; block++)
        {
            ThreadSetting.UseForHand(threads);
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
            Report.Invariant($"medians of {library.Count:N0} calls each; reference: standardise the window, batch-1 forward; load {Machine.Load():F1}")));
        (model as IDisposable)?.Dispose();
    }

    /// <summary>The training windows as fixed-length rows with the next value as label, for the hand-written loop.</summary>
    private static SyntheticData SyntheticDataFromWindows(Observation[] series, int[] starts)
    {
        var rows = starts.Select(s => series.Skip(s).Take(Window).Select(o => o.Value).ToArray()).ToList();
        var labels = starts.Select(s => series[s + Window].Value).ToArray();
        return SyntheticData.FromRows(rows, labels);
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
