using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
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

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    public void Lifecycle_UnderAnotherCulture_SameScoresAndInvariantLog(string culture)
    {
        float[] Run(out List<string> log)
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            var data = TrainerFactory.Data(ml, TrainerKind.Multiclass, count: 30);
            using var model = TrainerFactory.Trainer(ml, TrainerKind.Multiclass, epochs: 2, configure: o => o.LearningRate = 0.0125f).Fit(data);
            var path = Path.Combine(Path.GetTempPath(), $"culture-{culture}-{System.Guid.NewGuid():N}.zip");
            ml.Model.Save(model, data.Schema, path);
            var loaded = new MLContext(seed: 2).Model.Load(path, out _);
            File.Delete(path);
            var scores = TrainerFactory.Scores(loaded.Transform(data), TrainerKind.Multiclass);
            ml.MulticlassClassification.Evaluate(loaded.Transform(data)).MicroAccuracy.Should().BeInRange(0, 1);
            ((System.IDisposable)loaded).Dispose();
            lock (messages)
                log = messages.ToList();
            return scores;
        }

        var invariant = Run(out _);
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);   // decimal comma; tr-TR's dotted and dotless i
        try
        {
            Run(out var log).Should().Equal(invariant);
            log.Should().Contain(m => m.Contains("learning rate 0.0125", System.StringComparison.Ordinal));
            log.Where(m => m.Contains("Epoch", System.StringComparison.Ordinal)).Should().NotBeEmpty()
                .And.OnlyContain(m => !Regex.IsMatch(m, @"\d,\d"), "numbers in the log are written in the invariant culture");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Pipeline_AfterConcatenateNormalizeAndCopy_ComposesLikeAnMlNetTrainer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(TwoHalves.Rows(40, 1));
        var pipeline = ml.Transforms.Concatenate("Sequence", "A", "B")
            .Append(ml.Transforms.NormalizeMinMax("Sequence"))
            .Append(ml.Transforms.CopyColumns("NoiseCopy", "Noise"))
            .Append(ml.BinaryClassification.Trainers.Recurrent(new RecurrentBinaryClassificationOptions
            {
                FeatureColumnName = "Sequence", LabelColumnName = "Truth", InputSize = 2, HiddenSize = 8, NumberOfEpochs = 3, BatchSize = 16,
            }))
            .Append(ml.Transforms.SelectColumns("Sequence", "Score", "Probability", "PredictedLabel"));

        var shape = pipeline.GetOutputSchema(global::Microsoft.ML.Recurrent.Bridge.MLNetInternals.CreateShape(data.Schema));
        var model = pipeline.Fit(data);
        var scored = model.Transform(data);

        shape.Select(c => (c.Name, c.IsKey, Annotations: string.Join(",", c.Annotations.Select(a => a.Name))))
            .Should().BeEquivalentTo(scored.Schema.Select(c => (c.Name, IsKey: c.Type is KeyDataViewType, Annotations: string.Join(",", c.Annotations.Schema.Select(a => a.Name)))));
        scored.Schema["Sequence"].IsNormalized().Should().BeTrue("pass-through columns keep their annotations");
        scored.Preview(3).RowView.Should().HaveCount(3);

        // Scoring needs no label; a fresh MLContext loads the model saved with its input schema.
        var withoutLabel = ml.Transforms.DropColumns("Truth").Fit(data).Transform(data);
        var scores = model.Transform(withoutLabel).GetColumn<float>("Score").ToArray();
        scores.Should().Equal(scored.GetColumn<float>("Score"));
        var path = Path.Combine(Path.GetTempPath(), $"composition-{System.Guid.NewGuid():N}.zip");
        ml.Model.Save(model, data.Schema, path);
        var other = new MLContext(seed: 9);
        var loaded = other.Model.Load(path, out var inputSchema);
        File.Delete(path);
        inputSchema.Select(c => c.Name).Should().Equal("A", "B", "Truth", "Noise");
        loaded.Transform(withoutLabel).GetColumn<float>("Score").Should().Equal(scores);
        var engine = other.Model.CreatePredictionEngine<TwoHalves, BinaryScore>(loaded);
        TwoHalves.Rows(40, 1).Take(5).Select(r => engine.Predict(r).Score).Should().Equal(scores.Take(5), (a, b) => System.Math.Abs(a - b) < 1e-5f);
        ((System.IDisposable)loaded).Dispose();
    }

    /// <summary>Two fixed-size halves of a sequence of 2 values per step, and a label decided by their level.</summary>
    public sealed class TwoHalves
    {
        [VectorType(4)]
        public float[] A { get; set; } = System.Array.Empty<float>();

        [VectorType(4)]
        public float[] B { get; set; } = System.Array.Empty<float>();

        public bool Truth { get; set; }

        public float Noise { get; set; }

        public static List<TwoHalves> Rows(int count, int seed)
        {
            var random = new System.Random(seed);
            float[] Values(float level) => Enumerable.Range(0, 4).Select(_ => level + (float)random.NextDouble()).ToArray();
            return Enumerable.Range(0, count)
                .Select(i => new TwoHalves { A = Values(i % 2 == 0 ? 5 : -5), B = Values(100), Truth = i % 2 == 0, Noise = (float)random.NextDouble() })
                .ToList();
        }
    }

    /// <summary>A binary classifier's score.</summary>
    public sealed class BinaryScore
    {
        public float Score { get; set; }
    }
}
