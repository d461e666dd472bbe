using System;
using System.Collections.Generic;
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
