using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.PerStep;

/// <summary>Per-step and one-to-many models against PyTorch's equations written out by hand (<see cref="HandNetwork"/>): scores, EvaluatePerStep and the validation loss count every valid step once.</summary>
public class PerStepHandComputationTests
{
    [Fact]
    public void TransformEvaluateAndValidation_PerStepRegressionOfMixedLengths_EqualHandComputationOverValidSteps()
    {
        const RecurrentCellType cell = RecurrentCellType.Lstm;
        const bool bidirectional = true;
        var ml = new MLContext(seed: 4);
        var rows = PerStepData.RunningSums(30, 6, minSteps: 1, maxSteps: 9);
        var valRows = PerStepData.RunningSums(20, 7, minSteps: 1, maxSteps: 9);
        var data = ml.Data.LoadFromEnumerable(rows);
        var valData = ml.Data.LoadFromEnumerable(valRows);
        var options = new RecurrentPerStepRegressionOptions
        {
            CellType = cell, Bidirectional = bidirectional, HiddenSize = 5, NumberOfLayers = 2, NumberOfEpochs = 3, BatchSize = 8,
            Dropout = 0.25f, ValidationSet = valData, LearningRate = 0.01f,
        };
        using var model = ml.Regression.Trainers.RecurrentPerStep(options).Fit(data);
        var hand = new HandNetwork(model.GetWeights(), cell, 1, 5, 2, bidirectional);
        var moments = HandNetwork.Moments(rows.Select(r => r.Features), 1);
        var labelMoments = HandNetwork.Moments(rows.Select(r => r.Label), 1);
        double lm = labelMoments.Mean[0], ls = labelMoments.Std[0];

        var scored = model.Transform(valData);
        var scores = ml.Data.CreateEnumerable<StepScores>(scored, reuseRowObject: false).Select(s => s.Score).ToArray();
        double worst = 0, sse = 0, sae = 0, scaledSse = 0;
        int n = 0;
        for (int i = 0; i < valRows.Count; i++)
        {
            var states = hand.Run(HandNetwork.Scale(valRows[i].Features, moments)).LastLayer;
            scores[i].Should().HaveCount(valRows[i].Label.Length);
            for (int t = 0; t < states.Length; t++)
            {
                double expected = hand.Head(states[t])[0] * ls + lm;
                worst = Math.Max(worst, Math.Abs(scores[i][t] - expected));
                double e = scores[i][t] - valRows[i].Label[t];
                sse += e * e;
                sae += Math.Abs(e);
                scaledSse += (e / ls) * (e / ls);
                n++;
            }
        }

        var metrics = ml.Regression.EvaluatePerStep(scored);
        var best = model.TrainingHistory.Epochs[model.TrainingHistory.BestEpoch!.Value - 1];
        worst.Should().BeLessThan(1e-4);
        metrics.RootMeanSquaredError.Should().BeApproximately(Math.Sqrt(sse / n), 1e-5);
        metrics.MeanAbsoluteError.Should().BeApproximately(sae / n, 1e-5);
        best.ValidationMetric!.Value.Should().BeApproximately(Math.Sqrt(sse / n), 1e-4);
        best.ValidationLoss!.Value.Should().BeApproximately(scaledSse / n, 1e-4);
    }

    public sealed class StepTags
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        [VectorType]
        public string[] Tags { get; set; } = Array.Empty<string>();
    }

    private static List<StepTags> Tags(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, rng.Next(1, 9)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            return new StepTags { Features = x, Tags = x.Select(v => v > 0.6 ? "high" : v > -0.2 ? "mid" : "low").ToArray() };
        }).ToList();
    }

    [Fact]
    public void TransformEvaluateAndValidation_PerStepClassesOfMixedLengths_EqualHandComputationOverValidSteps()
    {
        const RecurrentCellType cell = RecurrentCellType.Rnn;
        const bool bidirectional = true;
        var ml = new MLContext(seed: 5);
        var rows = Tags(40, 8);
        var valRows = Tags(25, 9);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label", "Tags").Fit(ml.Data.LoadFromEnumerable(rows));
        var data = keys.Transform(ml.Data.LoadFromEnumerable(rows));
        var valData = keys.Transform(ml.Data.LoadFromEnumerable(valRows));
        var options = new RecurrentPerStepClassificationOptions
        {
            CellType = cell, Bidirectional = bidirectional, HiddenSize = 5, NumberOfLayers = 2, NumberOfEpochs = 3, BatchSize = 8,
            ValidationSet = valData, LearningRate = 0.02f,
        };
        using var model = ml.MulticlassClassification.Trainers.RecurrentPerStep(options).Fit(data);
        var hand = new HandNetwork(model.GetWeights(), cell, 1, 5, 2, bidirectional);
        var moments = HandNetwork.Moments(rows.Select(r => r.Features), 1);
        var classOf = keys.Transform(valData).GetColumn<VBuffer<uint>>("Label").Select(v => v.DenseValues().Select(k => (int)k - 1).ToArray()).ToArray();

        var scored = model.Transform(valData);
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        double worst = 0, logLoss = 0;
        int n = 0, correct = 0;
        for (int i = 0; i < valRows.Count; i++)
        {
            var states = hand.Run(HandNetwork.Scale(valRows[i].Features, moments)).LastLayer;
            scores[i].Should().HaveCount(3 * states.Length);
            for (int t = 0; t < states.Length; t++)
            {
                var logits = hand.Head(states[t]);
                double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
                for (int c = 0; c < 3; c++)
                    worst = Math.Max(worst, Math.Abs(scores[i][3 * t + c] - Math.Exp(logits[c] - max) / sum));
                int label = classOf[i][t];
                logLoss -= logits[label] - max - Math.Log(sum);
                correct += Array.IndexOf(logits, logits.Max()) == label ? 1 : 0;
                n++;
            }
        }

        var metrics = ml.MulticlassClassification.EvaluatePerStep(scored);
        var best = model.TrainingHistory.Epochs[model.TrainingHistory.BestEpoch!.Value - 1];
        worst.Should().BeLessThan(1e-5);
        metrics.MicroAccuracy.Should().BeApproximately((double)correct / n, 1e-9);
        metrics.LogLoss.Should().BeApproximately(logLoss / n, 1e-4);
        best.ValidationMetric!.Value.Should().BeApproximately((double)correct / n, 1e-9);
        best.ValidationLoss!.Value.Should().BeApproximately(logLoss / n, 1e-4);
    }

    [Fact]
    public void Transform_OneToManyTwoLayersBidirectional_ScoresEqualHandComputation()
    {
        var ml = new MLContext(seed: 7);
        var rows = PerStepData.Multiples(40, 3);
        var options = new RecurrentOneToManyRegressionOptions { OutputLength = 5, FeatureColumnName = "X", HiddenSize = 4, NumberOfLayers = 2, Bidirectional = true, NumberOfEpochs = 2 };
        using var model = ml.Regression.Trainers.RecurrentOneToMany(options).Fit(ml.Data.LoadFromEnumerable(rows));
        var hand = new HandNetwork(model.GetWeights(), RecurrentCellType.Gru, 1, 4, 2, true);
        var moments = HandNetwork.Moments(rows.Select(r => new[] { r.X }), 1);
        var labelMoments = HandNetwork.Moments(rows.Select(r => r.Label), 1);
        var scores = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Score").ToArray();
        double worst = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var x = HandNetwork.Scale(new[] { rows[i].X }, moments)[0];
            var states = hand.Run(Enumerable.Repeat(x, 5).ToArray()).LastLayer;
            for (int t = 0; t < 5; t++)
                worst = Math.Max(worst, Math.Abs(scores[i][t] - (hand.Head(states[t])[0] * labelMoments.Std[0] + labelMoments.Mean[0])));
        }

        worst.Should().BeLessThan(1e-5);
    }
}
