using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FluentAssertions;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class RecurrentTrainingLoopTests
{
    [Fact]
    public void Fit_WithValidationAndPatience_StopsEarlyAndRestoresBest()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFactory.Data(ml, TrainerKind.Multiclass, count: 45);
        // Half of the validation labels are wrong, so the validation loss turns up once the model grows confident.
        var noisy = SyntheticSequences.Multiclass(30, 9);
        for (int i = 0; i < noisy.Count; i += 2)
            noisy[i].Label = SyntheticSequences.ClassNames[(Array.IndexOf(SyntheticSequences.ClassNames, noisy[i].Label) + 1) % 3];
        var validation = ml.Transforms.Conversion.MapValueToKey("Label")
            .Fit(ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(30, 1)))
            .Transform(ml.Data.LoadFromEnumerable(noisy));
        var model = TrainerFactory.Trainer(ml, TrainerKind.Multiclass, epochs: 200, configure: o =>
        {
            o.ValidationSet = validation;
            o.EarlyStoppingPatience = 3;
            o.LearningRate = 0.05f;
        }).Fit(data);

        var history = model.TrainingHistory;
        history.StoppedEarly.Should().BeTrue();
        history.Epochs.Count.Should().BeLessThan(200);
        history.Epochs.Should().OnlyContain(e => e.ValidationLoss.HasValue && e.ValidationMetric.HasValue);
        var best = history.Epochs.MinBy(e => e.ValidationLoss!.Value)!;
        history.BestEpoch.Should().Be(best.Epoch);
        history.Epochs.Count.Should().Be(best.Epoch + 3);

        // The kept weights are the best epoch's: scoring the validation set reproduces its accuracy.
        ml.MulticlassClassification.Evaluate(model.Transform(validation)).MicroAccuracy.Should().BeApproximately(best.ValidationMetric!.Value, 1e-9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_CanceledFromAnotherThreadMidTraining_StopsInTheSameEpoch(bool throughMLContext)
    {
        var ml = new MLContext(seed: 1);
        using var source = new CancellationTokenSource();
        var epochs = new System.Collections.Generic.List<string>();
        using var canceled = new ManualResetEventSlim();
        ml.Log += (_, e) =>
        {
            if (!e.Message.Contains("] Epoch ", StringComparison.Ordinal))   // after ML.NET's "[Source=…, Kind=Info] "
                return;
            lock (epochs)
                epochs.Add(e.Message);
            if (e.Message.Contains("] Epoch 2:", StringComparison.Ordinal))
            {
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    if (throughMLContext)
                        CancelExecution(ml);   // what ML.NET's AutoML calls; internal to ML.NET 5.0
                    else
                        source.Cancel();
                    canceled.Set();
                });
                canceled.Wait(TimeSpan.FromSeconds(10));   // cancel before epoch 3 starts
            }
        };
        var trainer = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1_000, configure: o => o.CancellationToken = source.Token);

        var fit = () => trainer.Fit(TrainerFactory.Data(ml, TrainerKind.Binary, count: 40));

        fit.Should().Throw<OperationCanceledException>();
        lock (epochs)
            epochs.Should().HaveCount(2, "training stops at the first mini-batch after the cancellation");
    }

    private static void CancelExecution(MLContext ml)
    {
        var env = global::Microsoft.ML.Recurrent.Bridge.MLNetInternals.GetEnvironment(ml.BinaryClassification.Trainers);
        env.GetType().GetInterface("Microsoft.ML.Runtime.ICancelable")!.GetMethod("CancelExecution")!.Invoke(env, null);
    }

    [Fact]
    public void Fit_CanceledToken_ThrowsOperationCanceled()
    {
        var ml = new MLContext(seed: 1);
        using var source = new CancellationTokenSource();
        source.Cancel();
        var trainer = TrainerFactory.Trainer(ml, TrainerKind.Binary, configure: o => o.CancellationToken = source.Token);

        var fit = () => trainer.Fit(TrainerFactory.Data(ml, TrainerKind.Binary));

        fit.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Fit_GradientClipNorm_TrainsAndLogsEveryEpoch()
    {
        var ml = new MLContext(seed: 1);
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        ml.Log += (_, e) => messages.Enqueue(e.Message);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, RecurrentCellType.Rnn, epochs: 4, configure: o => o.GradientClipNorm = 0.5f)
            .Fit(TrainerFactory.Data(ml, TrainerKind.Binary));

        model.TrainingHistory.Epochs.Select(e => e.Epoch).Should().Equal(1, 2, 3, 4);
        messages.Count(m => m.Contains("Epoch ") && m.Contains("training loss")).Should().Be(4);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(1e-9f)]
    public void Fit_RegressionInNanoUnits_LearnsAsInNaturalUnits(float unit)
    {
        // Labels and features of standard deviation below 1e-8 were left unstandardised: R² -1.5e12 in nano-units.
        var ml = new MLContext(seed: 1);
        var rows = SyntheticSequences.Sum(200, 1).Select(r => new NumberSequence { Features = r.Features.Select(v => v * unit).ToArray(), Label = r.Label * unit }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = TrainerFactory.Trainer(ml, TrainerKind.Regression, RecurrentCellType.Gru, epochs: 10).Fit(data);

        ml.Regression.Evaluate(model.Transform(data)).RSquared.Should().BeGreaterThan(0.98);
    }

    [Fact]
    public void Fit_GradientClipNorm_ClipsTheTotalNormBeforeAdamsStep()
    {
        var rows = SyntheticSequences.Binary(24, 3, inputSize: 2);
        const float lr = 1e-4f, clip = 1e-7f;
        RecurrentPredictionTransformer Fit(float? clipNorm)
        {
            var ml = new MLContext(seed: 9);
            return TrainerFactory.Trainer(ml, TrainerKind.Binary, RecurrentCellType.Gru, false, epochs: 1, inputSize: 2, configure: o =>
            {
                o.HiddenSize = 4; o.BatchSize = 24; o.LearningRate = lr; o.GradientClipNorm = clipNorm;
            }).Fit(ml.Data.LoadFromEnumerable(rows));
        }

        using var free = Fit(null);
        using var clipped = Fit(clip);
        var moments = HandNetwork.Moments(rows.Select(r => r.Features), 2);
        var labels = rows.Select(r => r.Label ? 1f : 0f).ToArray();
        var inputs = rows.Select(r => tensor(HandNetwork.Scale(r.Features, moments), new long[] { 1, r.Features.Length / 2, 2 })).ToArray();

        // Without clipping Adam's first step is lr·g/(|g| + ε): undo it to find the initial weights, then take the gradient there.
        Dictionary<string, float[]> Gradient(IReadOnlyDictionary<string, float[]> w)
        {
            using var scope = NewDisposeScope();
            var (parameters, loss) = TorchReference.BinaryLoss(w, RecurrentCellType.Gru, 2, 4, 1, false, labels);
            loss(inputs).backward();
            return parameters.ToDictionary(p => p.Key, p => p.Value.grad!.data<float>().ToArray());
        }

        var after = free.GetWeights();
        var g = Gradient(after);
        for (int pass = 0; pass < 2; pass++)
        {
            var initial = after.ToDictionary(p => p.Key, p => p.Value.Select((v, i) => v + lr * g[p.Key][i] / (Math.Abs(g[p.Key][i]) + 1e-8f)).ToArray());
            g = Gradient(initial);
        }

        var start = after.ToDictionary(p => p.Key, p => p.Value.Select((v, i) => v + lr * g[p.Key][i] / (Math.Abs(g[p.Key][i]) + 1e-8f)).ToArray());
        double total = Math.Sqrt(g.Values.SelectMany(v => v).Sum(v => (double)v * v));
        double factor = Math.Min(1, clip / (total + 1e-6));
        var actual = clipped.GetWeights();
        double worst = 0, worstPerParameter = 0;
        foreach (var (name, w0) in start)
        {
            double parameterNorm = Math.Sqrt(g[name].Sum(v => (double)v * v));
            for (int i = 0; i < w0.Length; i++)
            {
                double c = g[name][i] * factor;
                double expected = w0[i] - lr * c / (Math.Abs(c) + 1e-8);
                worst = Math.Max(worst, Math.Abs(actual[name][i] - expected));
                double cp = g[name][i] * Math.Min(1, clip / (parameterNorm + 1e-6));
                worstPerParameter = Math.Max(worstPerParameter, Math.Abs(actual[name][i] - (w0[i] - lr * cp / (Math.Abs(cp) + 1e-8))));
            }
        }

        worst.Should().BeLessThan(0.01 * lr);
        worstPerParameter.Should().BeGreaterThan(0.05 * lr);
    }
}
