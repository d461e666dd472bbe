using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.PerStep;

public class PerStepTrainerTests
{
    [Fact]
    public void RecurrentPerStep_RunningSum_PredictsEveryStepWellBelowTheLabelSpread()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(PerStepData.RunningSums(256, 1));
        var test = PerStepData.RunningSums(64, 2);
        var model = ml.Regression.Trainers.RecurrentPerStep(hiddenSize: 16, numberOfEpochs: 30, batchSize: 16, learningRate: 0.01f).Fit(train);

        var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
        var metrics = ml.Regression.EvaluatePerStep(scored);
        var labelStd = StandardDeviation(test.SelectMany(r => r.Label));

        metrics.RootMeanSquaredError.Should().BeLessThan(0.25 * labelStd, "the running sum is exactly learnable (label spread {0:F2})", labelStd);
        var scores = ml.Data.CreateEnumerable<StepScores>(scored, reuseRowObject: false).ToArray();
        scores.Select(s => s.Score.Length).Should().Equal(test.Select(r => r.Features.Length), "one score per input step");
    }

    [Fact]
    public void RecurrentPerStep_SignTags_KeyVectorsRoundTripThroughMapKeyToValue()
    {
        var ml = new MLContext(seed: 2);
        var rows = PerStepData.Signs(200, 3);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Tags")
            .Append(ml.MulticlassClassification.Trainers.RecurrentPerStep(hiddenSize: 8, numberOfEpochs: 15, batchSize: 16, learningRate: 0.02f))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedTags", "PredictedLabel"));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(rows));

        var test = PerStepData.Signs(50, 4);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
        var metrics = ml.MulticlassClassification.EvaluatePerStep(scored);
        var predictions = ml.Data.CreateEnumerable<StepPredictions>(scored, reuseRowObject: false).ToArray();

        metrics.MicroAccuracy.Should().BeGreaterThan(0.95);
        predictions.Select(p => p.PredictedTags.Length).Should().Equal(test.Select(r => r.Tags.Length));
        predictions.Select(p => p.Score.Length).Should().Equal(test.Select(r => 2 * r.Tags.Length), "two class probabilities per step");
        predictions.SelectMany(p => p.PredictedTags).Should().OnlyContain(t => t == "pos" || t == "neg");
        double agreement = test.SelectMany(r => r.Tags).Zip(predictions.SelectMany(p => p.PredictedTags)).Count(pair => pair.First == pair.Second)
            / (double)test.Sum(r => r.Tags.Length);
        agreement.Should().BeApproximately(metrics.MicroAccuracy, 1e-9, "EvaluatePerStep counts every valid step once");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Transform_PerStepRowsOfMixedLengths_SameScoresAsOneRowAtATime(bool bidirectional)
    {
        var ml = new MLContext(seed: 3);
        var rows = PerStepData.RunningSums(40, 5, minSteps: 1, maxSteps: 12);
        var options = new RecurrentPerStepRegressionOptions { HiddenSize = 8, NumberOfEpochs = 2, BatchSize = 7, Bidirectional = bidirectional };
        var model = ml.Regression.Trainers.RecurrentPerStep(options).Fit(ml.Data.LoadFromEnumerable(rows));

        var batched = ml.Data.CreateEnumerable<StepScores>(model.Transform(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToArray();
        var engine = ml.Model.CreatePredictionEngine<StepNumbers, StepScores>(model);

        for (int i = 0; i < rows.Count; i++)
            batched[i].Score.Should().Equal(engine.Predict(rows[i]).Score, (a, b) => Math.Abs(a - b) < 1e-5f, "row {0} must not depend on its batch", i);
    }

    [Fact]
    public void ModelSaveLoad_PerStepClassifier_ScoresIdentically()
    {
        var ml = new MLContext(seed: 4);
        var rows = PerStepData.Signs(60, 6);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Tags")
            .Append(ml.MulticlassClassification.Trainers.RecurrentPerStep(hiddenSize: 8, numberOfEpochs: 3))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedTags", "PredictedLabel"))
            .Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"perstep-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out _);

            var before = ml.Data.CreateEnumerable<StepPredictions>(model.Transform(data), reuseRowObject: false).ToArray();
            var after = ml.Data.CreateEnumerable<StepPredictions>(loaded.Transform(data), reuseRowObject: false).ToArray();
            for (int i = 0; i < before.Length; i++)
            {
                after[i].Score.Should().Equal(before[i].Score);
                after[i].PredictedTags.Should().Equal(before[i].PredictedTags);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RecurrentOneToMany_ScalarInput_PredictsItsMultiples()
    {
        var ml = new MLContext(seed: 5);
        var model = ml.Regression.Trainers.RecurrentOneToMany(outputLength: 5, featureColumnName: "X", hiddenSize: 16, numberOfEpochs: 100, batchSize: 16, learningRate: 0.01f)
            .Fit(ml.Data.LoadFromEnumerable(PerStepData.Multiples(256, 7)));
        var test = PerStepData.Multiples(50, 8);

        var scored = model.Transform(ml.Data.LoadFromEnumerable(test));
        var metrics = ml.Regression.EvaluatePerStep(scored);
        var engine = ml.Model.CreatePredictionEngine<NumberAndMultiples, StepScores>(model);
        var single = engine.Predict(new NumberAndMultiples { X = 0.5f });

        scored.Schema["Score"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 5));
        metrics.RSquared.Should().BeGreaterThan(0.98, "k·x for x in [0.1, 1] and k ≤ 5 is smooth and certain (RMSE {0:F3})", metrics.RootMeanSquaredError);
        single.Score.Should().HaveCount(5);
        single.Score.Should().Equal(new[] { 0.5f, 1f, 1.5f, 2f, 2.5f }, (a, b) => Math.Abs(a - b) < 0.25f);
    }

    [Fact]
    public void Fit_PerStepRegressionWithValidationSet_RecordsStepRmse()
    {
        var ml = new MLContext(seed: 6);
        var options = new RecurrentPerStepRegressionOptions
        {
            HiddenSize = 8,
            NumberOfEpochs = 3,
            ValidationSet = ml.Data.LoadFromEnumerable(PerStepData.RunningSums(20, 9)),
        };
        var model = ml.Regression.Trainers.RecurrentPerStep(options).Fit(ml.Data.LoadFromEnumerable(PerStepData.RunningSums(40, 10)));

        model.TrainingHistory.Epochs.Should().HaveCount(3);
        model.TrainingHistory.Epochs.Should().OnlyContain(e => e.ValidationLoss > 0 && e.ValidationMetric > 0);
        model.TrainingHistory.MetricName.Should().Be("RMSE");
    }

    [Fact]
    public void Fit_PerStepWithDiagnosticsDropoutAndTwoLayers_RecordsGradientsPerStep()
    {
        var ml = new MLContext(seed: 7);
        var rows = PerStepData.RunningSums(32, 11, minSteps: 6, maxSteps: 6);
        var options = new RecurrentPerStepRegressionOptions
        {
            HiddenSize = 8, NumberOfLayers = 2, Dropout = 0.2f, Bidirectional = true, NumberOfEpochs = 2, RecordGradientDiagnostics = true,
        };

        var model = ml.Regression.Trainers.RecurrentPerStep(options).Fit(ml.Data.LoadFromEnumerable(rows));

        var epoch = model.TrainingHistory.Epochs[^1];
        epoch.InputGradientNorms.Should().HaveCount(6).And.OnlyContain(v => v > 0);
        epoch.GradientNorms!.Keys.Should().Contain(new[] { "recurrent.l0", "recurrent.l1_reverse", "head" });
    }

    private static double StandardDeviation(System.Collections.Generic.IEnumerable<float> values)
    {
        var v = values.Select(x => (double)x).ToArray();
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}
