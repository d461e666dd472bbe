using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Scoring;
using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>Mini-batch training with Adam: shuffling from the seed, gradient clipping, validation after each epoch,
/// early stopping with the best weights restored, cancellation between batches, and a dispose scope per step.</summary>
internal static class RecurrentTrainingLoop
{
    public static (RecurrentModel Model, RecurrentTrainingHistory History) Train(
        TrainingContext context, RecurrentSupervisedOptions options, PredictionTask task,
        ITrainingSource train, SequenceDataset? validation)
    {
        var scaler = options.NormalizeFeatures ? train.Features.ToScaler() : FeatureScaler.Identity(options.InputSize);
        task.FitLabels(train.Labels);
        var shape = new NetworkShape(options.InputSize, options.CellType, options.HiddenSize, options.NumberOfLayers,
            options.Bidirectional, options.Dropout, task.OutputSize, ExtraInputSize: 0);

        var network = TorchRandom.Seeded(context.Seed, () => new RecurrentNetwork(shape));
        network.to(context.Device);
        var model = new RecurrentModel(network, scaler, task, context.Device, options.BatchSize, numberOfThreads: options.NumberOfThreads);
        try
        {
            var history = Run(context, options, model, train, validation);
            return (model, history);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static RecurrentTrainingHistory Run(TrainingContext context, RecurrentSupervisedOptions options, RecurrentModel model,
        ITrainingSource train, SequenceDataset? validation)
    {
        var network = model.Network;
        var task = model.Task;
        var batches = new BatchTensors(model.Scaler, context.Device, task.RepeatSteps);
        using var threads = ThreadCount.Use(ThreadCount.Choose(model.Shape, options.BatchSize, options.NumberOfThreads));
        var parameters = network.parameters().ToArray();
        using var optimizer = new AdamOptimizer(parameters, options.LearningRate);
        var rng = new Random(context.Seed);
        long step = 0;
        var diagnostics = options.RecordGradientDiagnostics ? new GradientDiagnostics(network) : null;
        var probe = Enumerable.Range(0, train.Probe.Count).ToArray();
        bool usesRandomness = options.Dropout > 0;
        var epochs = new List<RecurrentEpochMetrics>();
        using var best = new BestEpoch();
        bool stoppedEarly = false;

        using var ch = context.Host.Start("Training");
        using var heap = new HeapWatch();
        ch.Info(MessageSensitivity.None, $"Training a {Describe(model.Shape)} on {train.Count} sequences{(train is StreamingTrainingSource ? $" streamed through a shuffle buffer of {options.ShuffleBufferSize} rows" : "")} for up to {options.NumberOfEpochs} epochs (batch {options.BatchSize}, learning rate {options.LearningRate.ToString(CultureInfo.InvariantCulture)}, device {context.Device}, {Threads(get_num_threads())}).");
        for (int epoch = 1; epoch <= options.NumberOfEpochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            network.train();
            double lossSum = 0;
            long rowsSeen = 0;
            foreach (var batch in train.Epoch(rng, options.BatchSize))
            {
                context.ThrowIfCanceled(options.CancellationToken);
                double loss = usesRandomness
                    ? TorchRandom.Seeded(context.Seed * 1_000_003L + step, () => Step(network, task, batches, optimizer, parameters, options.GradientClipNorm, batch, diagnostics))
                    : Step(network, task, batches, optimizer, parameters, options.GradientClipNorm, batch, diagnostics);
                lossSum += loss * batch.Indices.Count;
                rowsSeen += batch.Indices.Count;
                step++;
                heap.AfterStep(step, ch);
            }

            heap.AfterEpoch();
            double trainLoss = lossSum / Math.Max(rowsSeen, 1);
            double? validationLoss = null, metric = null;
            if (validation is not null)
            {
                (validationLoss, metric) = Evaluate(model, validation);
                best.Offer(epoch, validationLoss.Value, network);
            }

            var metrics = new RecurrentEpochMetrics(epoch, trainLoss, validationLoss, metric, watch.Elapsed)
            {
                GradientNorms = diagnostics?.TakeEpoch(),
                InputGradientNorms = diagnostics is null ? null : GradientDiagnostics.InputGradientNorms(network, task, batches, train.Probe, probe),
            };
            epochs.Add(metrics);
            ch.Info(MessageSensitivity.None, Format(metrics, task.MetricName));
            if (best.ShouldStop(options.EarlyStoppingPatience))
            {
                stoppedEarly = true;
                ch.Info(MessageSensitivity.None, $"Early stopping after epoch {epoch}: no better validation loss for {options.EarlyStoppingPatience} epochs; keeping the weights of epoch {best.Epoch}.");
                break;
            }
        }

        best.Restore(network);
        network.eval();
        return new RecurrentTrainingHistory(epochs, task.MetricName, best.Epoch, stoppedEarly);
    }

    private static double Step(RecurrentNetwork network, PredictionTask task, BatchTensors batches, AdamOptimizer optimizer,
        TorchSharp.Modules.Parameter[] parameters, float? clipNorm, TrainingBatch batch, GradientDiagnostics? diagnostics)
    {
        using var scope = NewDisposeScope();
        var indices = batch.Indices.AsSpan();
        var (input, lengths) = batches.Build(batch.Rows, indices);                      // -> (B, T, D), (B)
        var initial = batch.States is null ? null : batches.States(batch.States, indices);   // -> (B, S), or none: zeros
        var labels = task.LabelTensor(batch.Labels, indices, input.device);
        optimizer.ZeroGrad();
        var output = task.Forward(network, input, lengths, initial);                    // -> (B, O), or (B, T, O) per step
        var loss = task.Loss(output, labels);                                           // -> ()
        loss.backward();
        diagnostics?.Record();
        if (clipNorm is float clip)
            nn.utils.clip_grad_norm_(parameters, clip);
        optimizer.Step();
        return loss.item<float>();
    }

    /// <summary>Mean loss and metric of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static (double Loss, double Metric) Evaluate(RecurrentModel model, SequenceDataset data)
    {
        var outputs = model.Predict(data.Features, data.States);
        using var scope = NewDisposeScope();
        int width = model.Shape.OutputSize;
        var outputTensor = tensor(outputs, new long[] { outputs.Length / width, width });   // -> (N, O): rows, or valid steps
        var labels = model.Task.AllLabelsTensor(data.Labels);
        double loss = model.Task.Loss(outputTensor, labels).item<float>();
        return (loss, model.Task.Metric(outputs, data.Labels));
    }

    /// <summary>Fisher–Yates shuffle from <paramref name="rng"/>.</summary>
    public static void Shuffle(int[] order, Random rng)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private static string Threads(int n) => n == 1 ? "1 thread" : $"{n} threads";

    /// <summary>A one-line description of a network.</summary>
    public static string Describe(NetworkShape s)
        => $"{(s.Bidirectional ? "bidirectional " : "")}{s.CellType} ({s.NumberOfLayers} layer{(s.NumberOfLayers == 1 ? "" : "s")}, hidden {s.HiddenSize}, input {s.InputSize}, outputs {s.OutputSize})";

    /// <summary>The log line of an epoch.</summary>
    public static string Format(RecurrentEpochMetrics m, string metricName)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"Epoch {m.Epoch}: training loss {m.TrainingLoss:F5}");
        if (m.ValidationLoss is double vl)
            text += string.Create(CultureInfo.InvariantCulture, $", validation loss {vl:F5}, validation {metricName} {m.ValidationMetric:F4}");
        return text + string.Create(CultureInfo.InvariantCulture, $" ({m.Duration.TotalSeconds:F2} s)");
    }
}
