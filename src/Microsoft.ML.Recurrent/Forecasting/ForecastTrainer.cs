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
        int extra = layout.Strategy == ForecastStrategy.Direct ? layout.Horizon * layout.FutureCovariates.Count : 0;
        var shape = new NetworkShape(layout.StepSize, options.CellType, options.HiddenSize, options.NumberOfLayers, options.Bidirectional,
            options.Dropout, outputs, extra);
        var network = TorchRandom.Seeded(context.Seed, () => new RecurrentNetwork(shape));
        network.to(context.Device);
        var model = new ForecastModel(network, layout, covariateScaler, new float[layout.Horizon], context.Device, options.BatchSize);
        try
        {
            var history = Run(context, options, model, series, train, calibration);
            model.ResidualScale = ResidualScale(model, series, calibration.Count > 0 ? calibration : train, context, calibration.Count == 0);
            return (model, history);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static RecurrentTrainingHistory Run(TrainingContext context, RecurrentForecastingOptions options, ForecastModel model,
        IReadOnlyList<TimeSeries> series, List<ForecastWindows.Ref> train, List<ForecastWindows.Ref> calibration)
    {
        var network = model.Network;
        var parameters = network.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, options.LearningRate);
        using var threads = ThreadCount.Use(ThreadCount.Choose(network.Shape, options.BatchSize, options.NumberOfThreads));
        var rng = new Random(context.Seed);
        var order = Enumerable.Range(0, train.Count).ToArray();
        int perEpoch = Math.Min(train.Count, options.MaxWindowsPerEpoch ?? int.MaxValue);
        var epochs = new List<RecurrentEpochMetrics>();
        WeightSnapshot? best = null;
        double bestLoss = double.PositiveInfinity;
        int? bestEpoch = null;
        int sinceBest = 0;
        bool stopped = false;
        long step = 0;
        using var ch = context.Host.Start("Training");
        ch.Info(MessageSensitivity.None, $"Training a {RecurrentTrainingLoop.Describe(network.Shape)} forecaster ({model.Layout.Strategy}, window {model.Layout.WindowSize}, horizon {model.Layout.Horizon}) on {train.Count} windows of {series.Count} series, calibrating on {calibration.Count}.");
        try
        {
            for (int epoch = 1; epoch <= options.NumberOfEpochs; epoch++)
            {
                var watch = Stopwatch.StartNew();
                RecurrentTrainingLoop.Shuffle(order, rng);
                network.train();
                double lossSum = 0;
                for (int start = 0; start < perEpoch; start += options.BatchSize)
                {
                    options.CancellationToken.ThrowIfCancellationRequested();
                    if (context.IsCanceled)
                        throw new OperationCanceledException("Training was canceled through MLContext.CancelExecution().");
                    var batch = order.Skip(start).Take(Math.Min(options.BatchSize, perEpoch - start)).Select(i => train[i]).ToArray();
                    double loss = options.Dropout > 0
                        ? TorchRandom.Seeded(context.Seed * 1_000_003L + step, () => Step(model, optimizer, parameters, options.GradientClipNorm, series, batch))
                        : Step(model, optimizer, parameters, options.GradientClipNorm, series, batch);
                    lossSum += loss * batch.Length;
                    step++;
                    if (step % HeapTrimmer.CheckEverySteps == 0)
                        HeapTrimmer.TrimIfHoarding();
                }

                double? calibrationLoss = null;
                if (calibration.Count > 0)
                {
                    calibrationLoss = Loss(model, series, calibration);
                    if (calibrationLoss < bestLoss)
                    {
                        bestLoss = calibrationLoss.Value;
                        bestEpoch = epoch;
                        sinceBest = 0;
                        best?.Dispose();
                        best = new WeightSnapshot(network);
                    }
                    else
                    {
                        sinceBest++;
                    }
                }

                var metrics = new RecurrentEpochMetrics(epoch, lossSum / perEpoch, calibrationLoss, calibrationLoss is double l ? Math.Sqrt(l) : null, watch.Elapsed);
                epochs.Add(metrics);
                ch.Info(MessageSensitivity.None, RecurrentTrainingLoop.Format(metrics, "RMSE (standardised)"));
                if (options.EarlyStoppingPatience is int patience && sinceBest >= patience)
                {
                    stopped = true;
                    ch.Info(MessageSensitivity.None, $"Early stopping after epoch {epoch}; keeping the weights of epoch {bestEpoch}.");
                    break;
                }
            }

            best?.Restore(network);
        }
        finally
        {
            best?.Dispose();
        }

        network.eval();
        return new RecurrentTrainingHistory(epochs, "RMSE (standardised)", bestEpoch, stopped);
    }

    private static double Step(ForecastModel model, optim.Optimizer optimizer, TorchSharp.Modules.Parameter[] parameters, float? clip,
        IReadOnlyList<TimeSeries> series, ForecastWindows.Ref[] batch)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = BatchLoss(model, series, batch);      // -> ()
        loss.backward();
        if (clip is float c)
            nn.utils.clip_grad_norm_(parameters, c);
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Mean squared error in window-standardised units over <paramref name="refs"/> (one step ahead for recursive).</summary>
    private static double Loss(ForecastModel model, IReadOnlyList<TimeSeries> series, List<ForecastWindows.Ref> refs)
    {
        model.Network.eval();
        double sum = 0;
        using var noGrad = no_grad();
        for (int start = 0; start < refs.Count; start += model.BatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = refs.Skip(start).Take(model.BatchSize).ToArray();
            sum += BatchLoss(model, series, batch).item<float>() * batch.Length;
        }

        model.Network.train();
        return sum / refs.Count;
    }

    private static Tensor BatchLoss(ForecastModel model, IReadOnlyList<TimeSeries> series, ForecastWindows.Ref[] batch)
    {
        var layout = model.Layout;
        int outputs = layout.Strategy == ForecastStrategy.Direct ? layout.Horizon : 1;
        var windows = batch.Select(r => ForecastWindows.Window(series, r, layout)).ToArray();
        var means = new float[batch.Length];
        var scales = new float[batch.Length];
        var input = model.Inputs(windows, 0, batch.Length, means, scales);                      // -> (B, W, D)
        var targets = new float[batch.Length * outputs];
        for (int b = 0; b < batch.Length; b++)
        {
            var y = ForecastWindows.Targets(series, batch[b], outputs);
            for (int h = 0; h < outputs; h++)
                targets[b * outputs + h] = model.Target(y[h], means[b], scales[b], layout.SeasonalBase(windows[b].Values, h));
        }

        var target = tensor(targets, new long[] { batch.Length, outputs }).to(model.Device);   // -> (B, O)
        var lengths = full(batch.Length, (long)layout.WindowSize, dtype: int64);
        var output = model.Network.Forward(input, lengths, model.Extra(windows, 0, batch.Length));   // -> (B, O)
        return nn.functional.mse_loss(output, target);
    }

    private static float[] ResidualScale(ForecastModel model, IReadOnlyList<TimeSeries> series, List<ForecastWindows.Ref> refs,
        TrainingContext context, bool inSample)
    {
        int h = model.Layout.Horizon;
        var windows = refs.Select(r => ForecastWindows.Window(series, r, model.Layout)).ToArray();
        var forecast = model.Forecast(windows, h);
        var sumSquares = new double[h];
        for (int i = 0; i < refs.Count; i++)
        {
            var (_, scale) = WindowScaling.Of(windows[i].Values);
            var actual = ForecastWindows.Targets(series, refs[i], h);
            for (int k = 0; k < h; k++)
            {
                double e = (actual[k] - forecast[i * h + k]) / scale;
                sumSquares[k] += e * e;
            }
        }

        var result = new float[h];
        for (int k = 0; k < h; k++)
            result[k] = (float)Math.Sqrt(sumSquares[k] / refs.Count);
        using var ch = context.Host.Start("Calibration");
        ch.Info(MessageSensitivity.None, $"Residual scale per horizon step ({(inSample ? "in-sample: no window was held out, so bounds may be too narrow" : $"{refs.Count} held-out windows")}): " +
            string.Join(", ", result.Select(r => r.ToString("F3", CultureInfo.InvariantCulture))));
        if (inSample)
            ch.Warning(MessageSensitivity.None, "No calibration windows were held out (CalibrationFraction is 0 or the series are short); the confidence bounds come from training residuals and are likely too narrow.");
        return result;
    }

    private static FeatureScaler FitCovariates(IReadOnlyList<TimeSeries> series, SeriesLayout layout)
    {
        int c = layout.CovariateCount;
        if (c == 0)
            return FeatureScaler.Identity(1);
        return FeatureScaler.Fit(series.Select(s => s.Covariates.ToArray()).ToList(), c);
    }
}
