using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Scoring;

public class ScoringCursorTests
{
    [Theory]
    [InlineData(RecurrentCellType.Lstm, false)]
    [InlineData(RecurrentCellType.Gru, true)]
    [InlineData(RecurrentCellType.Rnn, true)]
    public void Transform_VariableLengthBatch_SameScoresAsOneRowAtATime(RecurrentCellType cell, bool bidirectional)
    {
        var ml = new MLContext(seed: 5);
        var rows = SyntheticSequences.Binary(50, 5, inputSize: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, cell, bidirectional, epochs: 3, inputSize: 2).Fit(data);

        rows.Select(r => r.Features.Length).Distinct().Should().HaveCountGreaterThan(3, "the batch mixes lengths");
        var batched = ml.Data.CreateEnumerable<ScoreRow>(model.Transform(data), reuseRowObject: false).Select(r => r.Score).ToArray();
        var engine = ml.Model.CreatePredictionEngine<BinarySequence, ScoreRow>(model);
        var single = rows.Select(r => engine.Predict(r).Score).ToArray();

        batched.Should().HaveCount(rows.Count);
        for (int i = 0; i < rows.Count; i++)
            batched[i].Should().BeApproximately(single[i], 1e-5f, "row {0} must not depend on the other rows of its batch", i);
    }

    [Fact]
    public void Transform_ManySmallBatchesOfMixedLengths_SameScoresAsOneRowAtATime()
    {
        // Batch size 3 over 40 rows: the reused row buffer and output array go through 14 batches of mixed lengths.
        var ml = new MLContext(seed: 8);
        var rows = SyntheticSequences.Binary(40, 8, inputSize: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 2, inputSize: 2, configure: o => o.BatchSize = 3).Fit(data);

        var batched = ml.Data.CreateEnumerable<ScoreRow>(model.Transform(data), reuseRowObject: true).Select(r => r.Score).ToArray();
        var engine = ml.Model.CreatePredictionEngine<BinarySequence, ScoreRow>(model);

        batched.Should().HaveCount(rows.Count);
        for (int i = 0; i < rows.Count; i++)
            batched[i].Should().BeApproximately(engine.Predict(rows[i]).Score, 1e-5f, "row {0}", i);
    }

    [Fact]
    public void PredictionEngine_ShortRowAfterLongRow_ScoresAsInAFreshEngine()
    {
        var ml = new MLContext(seed: 9);
        var rows = SyntheticSequences.Binary(30, 9, inputSize: 2);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 2, inputSize: 2).Fit(ml.Data.LoadFromEnumerable(rows));
        var longRow = new BinarySequence { Features = Enumerable.Range(0, 40).Select(i => (float)Math.Sin(i)).ToArray() };
        var shortRow = new BinarySequence { Features = new[] { 0.5f, -0.5f } };

        var used = ml.Model.CreatePredictionEngine<BinarySequence, ScoreRow>(model);
        used.Predict(longRow);
        float afterLong = used.Predict(shortRow).Score;
        float fresh = ml.Model.CreatePredictionEngine<BinarySequence, ScoreRow>(model).Predict(shortRow).Score;

        afterLong.Should().Be(fresh);
    }

    [Fact]
    public void Transform_PassThroughColumns_KeepRowOrder()
    {
        var ml = new MLContext(seed: 5);
        var rows = SyntheticSequences.Binary(70, 6);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 10).Fit(data);

        var scored = ml.Data.CreateEnumerable<LabelAndPrediction>(model.Transform(data), reuseRowObject: false).ToArray();

        scored.Select(s => s.Label).Should().Equal(rows.Select(r => r.Label));
        scored.Count(s => s.Label == s.PredictedLabel).Should().BeGreaterThan(65);
    }

    [Fact]
    public void Transform_IsLazy_NothingScoredUntilRead()
    {
        var ml = new MLContext(seed: 5);
        var data = ml.Data.LoadFromEnumerable(SyntheticSequences.Binary(20, 6));
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1).Fit(data);
        var bad = ml.Data.LoadFromEnumerable(new[] { new BinarySequence { Features = new[] { float.NaN } } });

        var scored = model.Transform(bad);   // no exception: nothing read yet

        var read = () => scored.GetColumn<float>("Score").ToArray();
        read.Should().Throw<InvalidOperationException>().WithMessage("*NaN*");
    }

    [Fact]
    public void Transform_OnlyPassThroughColumnsRead_DoesNotReadFeatures()
    {
        var ml = new MLContext(seed: 5);
        var data = ml.Data.LoadFromEnumerable(SyntheticSequences.Binary(20, 6));
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1).Fit(data);
        var bad = ml.Data.LoadFromEnumerable(new[] { new BinarySequence { Features = new[] { float.NaN }, Label = true } });

        model.Transform(bad).GetColumn<bool>("Label").Should().Equal(true);
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    private sealed class LabelAndPrediction
    {
        public bool Label { get; set; }

        public bool PredictedLabel { get; set; }
    }

    [Fact]
    public void Transform_ReadOnceSourceBehindCache_ScoresEveryRowAsItsOwn()
    {
        var ml = new MLContext(seed: 1);
        var rows = SyntheticSequences.Binary(40, 40).Select((r, i) => new IdRow { Id = i, Features = r.Features, Label = r.Label }).ToList();
        using var model = ml.BinaryClassification.Trainers.Recurrent(hiddenSize: 4, numberOfEpochs: 1, batchSize: 8).Fit(ml.Data.LoadFromEnumerable(rows));
        var engine = ml.Model.CreatePredictionEngine<IdRow, IdScore>(model);
        var expected = rows.ToDictionary(r => r.Id, r => engine.Predict(r).Score);

        // Scoring reads ahead with a second cursor, so a source that can be enumerated once goes behind Cache (README).
        var source = ml.Data.Cache(ml.Data.LoadFromEnumerable(new ReadOnce<IdRow>(rows)));
        var scored = ml.Data.CreateEnumerable<IdScore>(model.Transform(source), reuseRowObject: false).ToList();

        scored.Select(r => r.Id).Should().Equal(Enumerable.Range(0, 40), "every row comes back once, in order");
        scored.Should().OnlyContain(r => Math.Abs(r.Score - expected[r.Id]) < 1e-5f, "each with its own score");
    }

    /// <summary>A source whose enumerators all take from one queue, like a consuming collection or a network stream.</summary>
    private sealed class ReadOnce<T> : System.Collections.Generic.IEnumerable<T>
    {
        private readonly System.Collections.Generic.Queue<T> _queue;

        public ReadOnce(System.Collections.Generic.IEnumerable<T> items) => _queue = new(items);

        public System.Collections.Generic.IEnumerator<T> GetEnumerator()
        {
            while (_queue.Count > 0)
                yield return _queue.Dequeue();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public sealed class IdRow
    {
        public int Id { get; set; }

        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        public bool Label { get; set; }
    }

    public sealed class IdScore
    {
        public int Id { get; set; }

        public float Score { get; set; }
    }
}
