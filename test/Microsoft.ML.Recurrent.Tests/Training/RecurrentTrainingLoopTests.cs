using System;
using System.Linq;
using System.Threading;
using FluentAssertions;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

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
}
