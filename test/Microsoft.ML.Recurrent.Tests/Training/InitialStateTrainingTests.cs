using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class InitialStateTrainingTests
{
    /// <summary>A sequence with a state, and a label per step.</summary>
    public sealed class StatefulSteps
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        public float[] State { get; set; } = Array.Empty<float>();

        [VectorType]
        public float[] Label { get; set; } = Array.Empty<float>();
    }

    /// <summary>One number repeated over the output steps, with a state.</summary>
    public sealed class StatefulNumber
    {
        public float X { get; set; }

        [VectorType(4)]
        public float[] State { get; set; } = new float[4];

        [VectorType(3)]
        public float[] Label { get; set; } = new float[3];
    }

    /// <summary>A sequence with a state and a class name per step.</summary>
    public sealed class StatefulTags
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        [VectorType(4)]
        public float[] State { get; set; } = new float[4];

        [VectorType]
        public string[] Tags { get; set; } = Array.Empty<string>();
    }

    /// <summary>A sequence whose state is the one-hot vector of a category (sparse).</summary>
    public sealed class CategorisedSequence
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        public string Category { get; set; } = "";

        public bool Label { get; set; }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_LabelCarriedOnlyByTheInitialState_LearnedValidatedEvaluatedAndCrossValidated(bool streaming)
    {
        var ml = new MLContext(seed: 1);
        var data = StatefulSequences.Load(ml, Rows(48, 1), 4);
        var validation = StatefulSequences.Load(ml, Rows(16, 2), 4);
        var trainer = StatefulSequences.Trainer(ml, RecurrentCellType.Gru, layers: 1, bidirectional: false, hidden: 4, epochs: 15, batchSize: 8,
            configure: o =>
            {
                o.ValidationSet = validation;
                o.LearningRate = 0.02f;
                o.ShuffleBufferSize = streaming ? 16 : null;
            });

        using var model = trainer.Fit(data);
        var accuracy = ml.BinaryClassification.Evaluate(model.Transform(validation)).Accuracy;
        var folds = ml.BinaryClassification.CrossValidate(data, trainer, numberOfFolds: 2);

        accuracy.Should().BeGreaterThan(0.9, "the features are noise: only the state tells the classes apart");
        model.TrainingHistory.Epochs[^1].ValidationMetric.Should().BeGreaterThan(0.9);
        folds.Select(f => f.Metrics.Accuracy).Should().OnlyContain(a => a > 0.8);
        foreach (var fold in folds)
            ((IDisposable)fold.Model).Dispose();
    }

    [Fact]
    public void PerStepTransform_SecondHalfFromFirstHalfsFinalState_EqualsWholesLastSteps()
    {
        var ml = new MLContext(seed: 2);
        const int stateSize = 2 * 2 * 3;   // LSTM, 2 layers, hidden 3
        var rng = new Random(3);
        StatefulSteps Row(int steps) => new()
        {
            Features = Enumerable.Range(0, steps).Select(_ => (float)rng.NextDouble()).ToArray(),
            State = Enumerable.Range(0, stateSize).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(),
            Label = Enumerable.Range(0, steps).Select(t => (float)t).ToArray(),
        };
        var schema = SchemaDefinition.Create(typeof(StatefulSteps));
        schema[nameof(StatefulSteps.State)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, stateSize);
        IDataView Load(IEnumerable<StatefulSteps> rows) => ml.Data.LoadFromEnumerable(rows, schema);
        using var model = ml.Regression.Trainers.RecurrentPerStep(new RecurrentPerStepRegressionOptions
        {
            CellType = RecurrentCellType.Lstm, HiddenSize = 3, NumberOfLayers = 2, NumberOfEpochs = 2, BatchSize = 4, InitialStateColumnName = "State",
        }).Fit(Load(Enumerable.Range(0, 8).Select(i => Row(3 + i))));
        using var encoder = model.AsFinalStateEncoder();
        var wholes = Enumerable.Range(0, 6).Select(i => Row(4 + 3 * i)).ToList();
        var firsts = wholes.Select(r => new StatefulSteps { Features = r.Features[..(r.Features.Length / 2)], State = r.State, Label = r.Label[..(r.Label.Length / 2)] }).ToList();
        var finals = encoder.Transform(Load(firsts)).GetColumn<float[]>("FinalState").ToArray();
        var seconds = wholes.Select((r, i) => new StatefulSteps { Features = r.Features[(r.Features.Length / 2)..], State = finals[i], Label = r.Label[(r.Label.Length / 2)..] }).ToList();

        var whole = model.Transform(Load(wholes)).GetColumn<float[]>("Score").ToArray();
        var chunked = model.Transform(Load(seconds)).GetColumn<float[]>("Score").ToArray();

        for (int i = 0; i < wholes.Count; i++)
            chunked[i].Should().Equal(whole[i][(wholes[i].Features.Length / 2)..], (a, b) => Math.Abs(a - b) < 1e-5f, "row {0}", i);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_AllZeroStates_SameTrainingAndScoresAsWithoutTheOption(bool streaming)
    {
        var rows = StatefulSequences.Rows(24, 1, 2, 4, zeroStates: true);
        (float[] Scores, double[] Losses) Train(string? stateColumn)
        {
            var ml = new MLContext(seed: 7);
            var validation = StatefulSequences.Load(ml, StatefulSequences.Rows(8, 2, 2, 4, zeroStates: true), 4);
            using var model = StatefulSequences.Trainer(ml, RecurrentCellType.Gru, layers: 1, bidirectional: false, epochs: 3, configure: o =>
            {
                o.InitialStateColumnName = stateColumn;
                o.ShuffleBufferSize = streaming ? 8 : null;
                o.ValidationSet = validation;
            }).Fit(StatefulSequences.Load(ml, rows, 4));
            return (model.Transform(validation).GetColumn<float>("Score").ToArray(), model.TrainingHistory.Epochs.Select(e => e.TrainingLoss).ToArray());
        }

        var withZeros = Train("State");
        var without = Train(null);

        withZeros.Losses.Should().Equal(without.Losses, "a zero state is PyTorch's default, and reading it draws no random numbers");
        withZeros.Scores.Should().Equal(without.Scores);
    }

    [Fact]
    public void Fit_TextFileStreamedAndShuffled_LearnsTheLabelCarriedByTheState()
    {
        var ml = new MLContext(seed: 1);
        var path = Path.Combine(Path.GetTempPath(), $"stateful-{Guid.NewGuid():N}.tsv");
        try
        {
            File.WriteAllLines(path, Rows(64, 3).Select(r => string.Join("\t",
                new[] { r.Label ? "1" : "0" }.Concat(r.State.Concat(r.Features.Concat(new float[6]).Take(6)).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))))));
            var data = ml.Data.LoadFromTextFile(path, new[]
            {
                new TextLoader.Column("Label", DataKind.Boolean, 0),
                new TextLoader.Column("State", DataKind.Single, 1, 4),
                new TextLoader.Column("Features", DataKind.Single, 5, 10),
            });
            var trainer = StatefulSequences.Trainer(ml, RecurrentCellType.Gru, layers: 1, bidirectional: false, hidden: 4, epochs: 15, batchSize: 8,
                configure: o =>
                {
                    o.ShuffleBufferSize = 16;
                    o.LearningRate = 0.02f;
                });

            using var model = trainer.Fit(data);

            ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy.Should().BeGreaterThan(0.9, "each streamed row keeps its own state through the shuffle buffer");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fit_SparseStateFromOneHotEncoding_SameAsTheDenseState()
    {
        var rows = StatefulSequences.Rows(24, 1, 2, 4).Select((r, i) => new CategorisedSequence { Features = r.Features, Category = "abcd"[i % 4].ToString(), Label = r.Label }).ToList();
        var ml = new MLContext(seed: 3);
        var sparse = ml.Transforms.Categorical.OneHotEncoding("State", nameof(CategorisedSequence.Category)).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        var states = sparse.GetColumn<float[]>("State").ToArray();
        var dense = StatefulSequences.Load(ml, rows.Select((r, i) => new StatefulSequence { Features = r.Features, State = states[i], Label = r.Label }), 4);
        float[] Scores(IDataView data, IDataView scored, int? bufferSize)
        {
            using var model = StatefulSequences.Trainer(new MLContext(seed: 3), RecurrentCellType.Gru, layers: 1, bidirectional: false, epochs: 2,
                configure: o => o.ShuffleBufferSize = bufferSize).Fit(data);
            return model.Transform(scored).GetColumn<float>("Score").ToArray();
        }

        sparse.GetColumn<VBuffer<float>>("State").First().IsDense.Should().BeFalse("the probe needs sparse states");
        Scores(sparse, sparse, null).Should().Equal(Scores(dense, dense, null));
        Scores(sparse, dense, 8).Should().Equal(Scores(dense, sparse, 8));
    }

    [Fact]
    public void OneToManyFit_WithState_ScoresFinalStateHiddenStatesAndEngineAgree()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 16).Select(i => new StatefulNumber
        {
            X = i / 16f,
            State = Enumerable.Range(0, 4).Select(k => (float)Math.Sin(i + k)).ToArray(),
            Label = Enumerable.Range(1, 3).Select(k => k * i / 16f).ToArray(),
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Regression.Trainers.RecurrentOneToMany(new RecurrentOneToManyRegressionOptions
        {
            OutputLength = 3, FeatureColumnName = nameof(StatefulNumber.X), HiddenSize = 4, NumberOfEpochs = 2, InitialStateColumnName = "State",
        }).Fit(data);
        using var encoder = model.AsFinalStateEncoder();

        var scores = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        var finals = encoder.Transform(data).GetColumn<float[]>("FinalState").ToArray();
        var states = model.GetHiddenStates(new[] { rows[1].X }, rows[1].State);
        var fromZeros = model.GetHiddenStates(new[] { rows[1].X }, new float[4]);
        var engine = ml.Model.CreatePredictionEngine<StatefulNumber, PerStep.StepScores>(model);

        states.Should().HaveCount(3, "the one input is read at each of the 3 output steps");
        states[0].Should().NotEqual(fromZeros[0]);
        finals[1].Should().Equal(states[^1], (a, b) => Math.Abs(a - b) < 1e-5f);
        engine.Predict(rows[1]).Score.Should().Equal(scores[1], (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void PerStepClassifierTransform_SecondHalfFromFirstHalfsFinalState_EqualsWholesLastSteps()
    {
        var ml = new MLContext(seed: 1);
        var rng = new Random(2);
        StatefulTags Row(int steps)
        {
            var features = Enumerable.Range(0, steps).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            return new StatefulTags
            {
                Features = features,
                State = Enumerable.Range(0, 4).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(),
                Tags = features.Select(x => x > 0 ? "up" : "down").ToArray(),
            };
        }

        var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(StatefulTags.Tags))
            .Append(ml.MulticlassClassification.Trainers.RecurrentPerStep(new RecurrentPerStepClassificationOptions { HiddenSize = 4, NumberOfEpochs = 2, InitialStateColumnName = "State" }))
            .Fit(ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => Row(3 + i % 5)).ToList()));
        using var encoder = model.LastTransformer.AsFinalStateEncoder();
        var wholes = Enumerable.Range(0, 5).Select(i => Row(6 + i)).ToList();
        var firsts = wholes.Select(r => new StatefulTags { Features = r.Features[..3], State = r.State, Tags = r.Tags[..3] }).ToList();
        var finals = encoder.Transform(ml.Data.LoadFromEnumerable(firsts)).GetColumn<float[]>("FinalState").ToArray();
        var seconds = wholes.Select((r, i) => new StatefulTags { Features = r.Features[3..], State = finals[i], Tags = r.Tags[3..] }).ToList();

        var whole = model.Transform(ml.Data.LoadFromEnumerable(wholes)).GetColumn<float[]>("Score").ToArray();
        var chunked = model.Transform(ml.Data.LoadFromEnumerable(seconds)).GetColumn<float[]>("Score").ToArray();

        for (int i = 0; i < wholes.Count; i++)
            chunked[i].Should().Equal(whole[i][(3 * 2)..], (a, b) => Math.Abs(a - b) < 1e-5f, "row {0}: 2 class scores per step", i);
    }

    /// <summary>Rows of 2–3 noise steps whose class is in the state: every value near +0.6 (true) or −0.6 (false).</summary>
    private static List<StatefulSequence> Rows(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new StatefulSequence
        {
            Features = Enumerable.Range(0, 2 * rng.Next(2, 4)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray(),
            State = Enumerable.Range(0, 4).Select(_ => (i % 2 == 0 ? 0.6f : -0.6f) + (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray(),
            Label = i % 2 == 0,
        }).ToList();
    }
}
