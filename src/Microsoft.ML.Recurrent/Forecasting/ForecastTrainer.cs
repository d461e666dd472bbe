using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Trains a forecasting network on windows of the series, picks the epoch with the lowest calibration loss,
/// and measures the calibration residuals that set the bounds.</summary>
internal static class ForecastTrainer
{
    public static (ForecastModel Model, RecurrentTrainingHistory History) Train(TrainingContext context, RecurrentForecastingOptions options,
        SeriesLayout layout, IReadOnlyList<TimeSeries> series)
    {
        var (train, calibration) = ForecastWindows.Split(series, layout, options.CalibrationFraction);
        var covariateScaler = FitCovariates(series, layout);
        int outputs = layout.Strategy == ForecastStrategy.Direct ? layout.Horizon : 1;
        // Direct: the known-future covariates of all H steps; recursive: those of the one step forecast.
        int extra = (layout.Strategy == ForecastStrategy.Direct ? layout.Horizon : 1) * layout.FutureCovariates.Count;
        var shape = new NetworkShape(layout.StepSize, options.CellType, options.HiddenSize, options.NumberOfLayers, options.Bidirectional,
            options.Dropout, outputs, extra);
        var network = TorchRandom.Seeded(context.Seed, () => new RecurrentNetwork(shape));
        network.to(context.Device);
        var model = new ForecastModel(network, layout, covariateScaler, new float[layout.Horizon], context.Device, options.BatchSize);
        try
        {
            var calibrationWindows = new SeriesWindows(series, layout, calibration);
            var (history, bestResiduals) = Run(context, options, model, series, train, calibrationWindows);
            bool inSample = calibration.Count == 0;
            var residualWindows = inSample ? new SeriesWindows(series, layout, train) : calibrationWindows;
            var sumSquares = bestResiduals ?? ForecastCalibration.Residuals(model, residualWindows);
            model.ResidualScale = ForecastCalibration.Scale(sumSquares, residualWindows.Count);
            Report(context, model.ResidualScale, residualWindows.Count, inSample);
            return (model, history);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Trains; returns the history and, for a direct model, the calibration residuals of the kept epoch
    /// (measured in the pass that chose it), or null when they still have to be measured.</summary>
    private static (RecurrentTrainingHistory History, double[]? BestResiduals) Run(TrainingContext context, RecurrentForecastingOptions options,
        ForecastModel model, IReadOnlyList<TimeSeries> series, List<ForecastWindows.Ref> train, SeriesWindows calibration)
    {
        var network = model.Network;
        var parameters = network.parameters().ToArray();
        using var optimizer = new AdamOptimizer(parameters, options.LearningRate);
        using var threads = ThreadCount.Use(ThreadCount.Choose(network.Shape, options.BatchSize, options.NumberOfThreads));
        var rng = new Random(context.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        int perEpoch = Math.Min(train.Count, options.MaxWindowsPerEpoch ?? int.MaxValue);
        var batch = new ForecastWindows.Ref[options.BatchSize];
        var means = new float[options.BatchSize];
        var scales = new float[options.BatchSize];
        var epochs = new List<RecurrentEpochMetrics>();
        using var best = new BestEpoch();
        double[]? bestResiduals = null, lastResiduals = null;
        bool stopped = false;
        long step = 0;
        string metricName = ForecastLossFunction.MetricName(options.Loss);
        using var ch = context.Host.Start("Training");
        using var heap = new HeapWatch();
        ch.Info(MessageSensitivity.None, $"Training a {RecurrentTrainingLoop.Describe(network.Shape)} forecaster ({model.Layout.Strategy}, window {model.Layout.WindowSize}, horizon {model.Layout.Horizon}) on {train.Count} windows of {series.Count} series, calibrating on {calibration.Count}.");
        for (int epoch = 1; epoch <= options.NumberOfEpochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            RecurrentTrainingLoop.Shuffle(order, rng);
            network.train();
            double lossSum = 0;
            for (int start = 0; start < perEpoch; start += options.BatchSize)
            {
                context.ThrowIfCanceled(options.CancellationToken);
                int count = Math.Min(options.BatchSize, perEpoch - start);
                for (int b = 0; b < count; b++)
                    batch[b] = train[order[start + b]];
                var windows = new SeriesWindows(series, model.Layout, new ArraySegment<ForecastWindows.Ref>(batch, 0, count));
                double loss = options.Dropout > 0
                    ? TorchRandom.Seeded(context.Seed * 1_000_003L + step, () => Step(model, optimizer, parameters, options, windows, means, scales))
                    : Step(model, optimizer, parameters, options, windows, means, scales);
                lossSum += loss * count;
                step++;
                heap.AfterStep(step, ch);
            }

            heap.AfterEpoch();
            double? calibrationLoss = null;
            if (calibration.Count > 0)
            {
                (calibrationLoss, lastResiduals) = ForecastCalibration.Score(model, calibration, options.Loss);
                if (best.Offer(epoch, calibrationLoss.Value, network))
                    bestResiduals = lastResiduals;
            }

            var metrics = new RecurrentEpochMetrics(epoch, lossSum / perEpoch, calibrationLoss,
                calibrationLoss is double l ? ForecastLossFunction.Metric(options.Loss, l) : null, watch.Elapsed);
            epochs.Add(metrics);
            ch.Info(MessageSensitivity.None, RecurrentTrainingLoop.Format(metrics, metricName));
            if (best.ShouldStop(options.EarlyStoppingPatience))
            {
                stopped = true;
                ch.Info(MessageSensitivity.None, $"Early stopping after epoch {epoch}; keeping the weights of epoch {best.Epoch}.");
                break;
            }
        }

        best.Restore(network);
        network.eval();
        // The kept weights are the best epoch's, or (no epoch improved on the calibration loss, e.g. it was NaN) the last's.
        var keptResiduals = best.Epoch is not null ? bestResiduals : lastResiduals;
        return (new RecurrentTrainingHistory(epochs, metricName, best.Epoch, stopped), keptResiduals);
    }

    /// <summary>One optimiser step on a batch of windows: input, targets, loss, backward, update. Returns the loss.</summary>
    private static double Step(ForecastModel model, AdamOptimizer optimizer, TorchSharp.Modules.Parameter[] parameters,
        RecurrentForecastingOptions options, SeriesWindows windows, float[] means, float[] scales)
    {
        using var scope = NewDisposeScope();
        var layout = model.Layout;
        int count = windows.Count, outputs = layout.Strategy == ForecastStrategy.Direct ? layout.Horizon : 1;
        optimizer.ZeroGrad();
        var output = model.Forward(windows, 0, count, means, scales);                      // -> (B, O)
        var target = model.Inputs.Targets(windows, 0, count, outputs, means, scales);      // -> (B, O), after the means and scales
        var loss = ForecastLossFunction.Mean(options.Loss, output, target);                // -> ()
        loss.backward();
        if (options.GradientClipNorm is float c)
            nn.utils.clip_grad_norm_(parameters, c);
        optimizer.Step();
        return loss.item<float>();
    }

    private static void Report(TrainingContext context, float[] residualScale, int windows, bool inSample)
    {
        using var ch = context.Host.Start("Calibration");
        ch.Info(MessageSensitivity.None, $"Residual scale per horizon step ({(inSample ? "in-sample: no window was held out, so bounds may be too narrow" : $"{windows} held-out windows")}): " +
            string.Join(", ", residualScale.Select(r => r.ToString("F3", CultureInfo.InvariantCulture))));
        if (inSample)
            ch.Warning(MessageSensitivity.None, "No calibration windows were held out (CalibrationFraction is 0 or the series are short); the confidence bounds come from training residuals and are likely too narrow.");
    }

    private static FeatureScaler FitCovariates(IReadOnlyList<TimeSeries> series, SeriesLayout layout)
    {
        int c = layout.CovariateCount;
        if (c == 0)
            return FeatureScaler.Identity(1);
        return FeatureScaler.Fit(series.Select(s => s.Covariates.ToArray()).ToList(), c);
    }
}
