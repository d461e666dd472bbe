using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Classification;

/// <summary>The trainers inside ML.NET's own workflows: CrossValidate, MapKeyToValue, PredictionEngine.</summary>
public class MlNetIntegrationTests
{
    [Fact]
    public void CrossValidate_MulticlassPipeline_ReturnsMetricsPerFold()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(60, 2));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Recurrent(hiddenSize: 16, numberOfEpochs: 15, batchSize: 16, learningRate: 0.01f));

        var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 3);

        folds.Should().HaveCount(3);
        folds.Should().OnlyContain(f => f.Metrics.MicroAccuracy > 0.9);
    }

    [Fact]
    public void MapKeyToValue_PredictedLabel_GivesOriginalClassNames()
    {
        var ml = new MLContext(seed: 1);
        var rows = SyntheticSequences.Multiclass(45, 3);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Recurrent(hiddenSize: 16, numberOfEpochs: 15, batchSize: 16, learningRate: 0.01f))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(rows));

        var engine = ml.Model.CreatePredictionEngine<ClassSequence, ClassPrediction>(model);
        var predictions = rows.Select(r => engine.Predict(r)).ToList();

        predictions.Select(p => p.PredictedLabel).Should().BeSubsetOf(SyntheticSequences.ClassNames);
        predictions.Zip(rows).Count(p => p.First.PredictedLabel == p.Second.Label).Should().BeGreaterThan(40);
        predictions.Should().OnlyContain(p => p.Score.Length == 3 && System.Math.Abs(p.Score.Sum() - 1) < 1e-4);

        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
        VBuffer<System.ReadOnlyMemory<char>> slotNames = default;
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        slotNames.DenseValues().Select(n => n.ToString()).Should().BeEquivalentTo(SyntheticSequences.ClassNames);
    }

    [Fact]
    public void BinaryEvaluate_ProbabilityColumn_GivesCalibratedMetrics()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFactory.Data(ml, TrainerKind.Binary);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 15).Fit(data);

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));

        metrics.AreaUnderRocCurve.Should().BeGreaterThan(0.95);
        metrics.LogLoss.Should().BeLessThan(0.5);
    }

    private sealed class ClassPrediction
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = System.Array.Empty<float>();
    }
}
