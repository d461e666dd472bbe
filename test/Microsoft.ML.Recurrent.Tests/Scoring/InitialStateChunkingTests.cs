using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Scoring;

public class InitialStateChunkingTests
{
    /// <summary>A sequence whose state comes in four scalar columns.</summary>
    public sealed class ScalarStates
    {
        [VectorType]
        public float[] Features { get; set; } = System.Array.Empty<float>();

        public float A { get; set; }

        public float B { get; set; }

        public float C { get; set; }

        public float D { get; set; }

        public bool Label { get; set; }
    }

    private const int InputSize = 2;
    private const int Hidden = 4;
    private const int Layers = 2;

    [Theory]
    [InlineData(RecurrentCellType.Lstm)]
    [InlineData(RecurrentCellType.Gru)]
    public void Transform_SecondHalfFromFirstHalfsFinalState_EqualsScoringWhole(RecurrentCellType cell)
    {
        var ml = new MLContext(seed: 3);
        int stateSize = (cell == RecurrentCellType.Lstm ? 2 : 1) * Layers * Hidden;
        var train = StatefulSequences.Load(ml, StatefulSequences.Rows(16, 1, InputSize, stateSize), stateSize);
        using var model = StatefulSequences.Trainer(ml, cell, Layers, bidirectional: false, Hidden, InputSize, epochs: 2).Fit(train);
        using var encoder = model.AsFinalStateEncoder();
        // 9 rows of 4 to 18 steps, scored 4 at a time: every batch mixes lengths, and the halves split unevenly.
        var wholes = StatefulSequences.Rows(9, 5, InputSize, stateSize, minSteps: 4, maxSteps: 18);
        var firstHalves = wholes.Select(r => Part(r, 0, r.Features.Length / InputSize / 2, r.State)).ToList();
        var firstFinal = FinalStates(ml, encoder, firstHalves, stateSize);
        var secondHalves = wholes.Select((r, i) => Part(r, r.Features.Length / InputSize / 2, r.Features.Length / InputSize, firstFinal[i])).ToList();

        var whole = Scores(ml, model, wholes, stateSize);
        var chunked = Scores(ml, model, secondHalves, stateSize);
        var wholeFinal = FinalStates(ml, encoder, wholes, stateSize);
        var chunkedFinal = FinalStates(ml, encoder, secondHalves, stateSize);

        model.StateSize.Should().Be(stateSize);
        firstFinal.Should().OnlyContain(s => s.Length == stateSize);
        chunked.Should().Equal(whole, (a, b) => Math.Abs(a - b) < 1e-5f);
        for (int i = 0; i < wholes.Count; i++)
            chunkedFinal[i].Should().Equal(wholeFinal[i], (a, b) => Math.Abs(a - b) < 1e-5f, "row {0}'s complete final state carries on", i);
        var engine = ml.Model.CreatePredictionEngine<StatefulSequence, StatefulScore>(model, inputSchemaDefinition: StatefulSequences.Schema(stateSize));
        secondHalves.Select(r => engine.Predict(r).Score).Should().Equal(whole, (a, b) => Math.Abs(a - b) < 1e-5f);
        int secondSteps = secondHalves[0].Features.Length / InputSize;
        var wholeStates = model.GetHiddenStates(wholes[0].Features, wholes[0].State);
        var chunkedStates = model.GetHiddenStates(secondHalves[0].Features, secondHalves[0].State);
        chunkedStates.SelectMany(s => s).Should().Equal(wholeStates.TakeLast(secondSteps).SelectMany(s => s), (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Theory]
    [InlineData(RecurrentCellType.Lstm, true)]
    [InlineData(RecurrentCellType.Gru, true)]
    [InlineData(RecurrentCellType.Rnn, false)]
    public void Transform_MixedLengthsWithStates_EachRowScoresAsAlone(RecurrentCellType cell, bool bidirectional)
    {
        var ml = new MLContext(seed: 4);
        int stateSize = (cell == RecurrentCellType.Lstm ? 2 : 1) * Layers * (bidirectional ? 2 : 1) * Hidden;
        var train = StatefulSequences.Load(ml, StatefulSequences.Rows(12, 1, InputSize, stateSize), stateSize);
        using var model = StatefulSequences.Trainer(ml, cell, Layers, bidirectional, Hidden, InputSize).Fit(train);
        using var encoder = model.AsFinalStateEncoder("FinalState");
        // Lengths out of order, so packing sorts the rows (and must sort their states with them).
        var rows = StatefulSequences.Rows(10, 6, InputSize, stateSize, minSteps: 1, maxSteps: 12);
        var sameSequenceZeroState = Part(rows[0], 0, rows[0].Features.Length / InputSize, new float[stateSize]);

        var batched = Scores(ml, model, rows, stateSize);
        var batchedFinal = FinalStates(ml, encoder, rows, stateSize);
        var engine = ml.Model.CreatePredictionEngine<StatefulSequence, StatefulScore>(model, inputSchemaDefinition: StatefulSequences.Schema(stateSize));
        var alone = rows.Select(r => engine.Predict(r).Score).ToArray();
        var aloneFinal = rows.Select(r => FinalStates(ml, encoder, new[] { r }, stateSize)[0]).ToArray();

        batched.Should().Equal(alone, (a, b) => Math.Abs(a - b) < 1e-5f);
        for (int i = 0; i < rows.Count; i++)
            batchedFinal[i].Should().Equal(aloneFinal[i], (a, b) => Math.Abs(a - b) < 1e-5f, "row {0}", i);
        engine.Predict(sameSequenceZeroState).Score.Should().NotBeApproximately(alone[0], 1e-4f, "the state changes the score");
    }

    [Fact]
    public void FinalStateEncoder_SavedOrMadeFromALoadedModel_StillReadsTheStateColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = StatefulSequences.Load(ml, StatefulSequences.Rows(8, 1, InputSize, Hidden), Hidden);
        using var model = StatefulSequences.Trainer(ml, RecurrentCellType.Gru, 1, bidirectional: false, Hidden, InputSize).Fit(data);
        using var encoder = model.AsFinalStateEncoder();
        var expected = encoder.Transform(data).GetColumn<float[]>("FinalState").ToArray();
        RecurrentPredictionTransformer RoundTrip(ITransformer transformer)
        {
            using var stream = new MemoryStream();
            ml.Model.Save(transformer, data.Schema, stream);
            stream.Position = 0;
            return (RecurrentPredictionTransformer)ml.Model.Load(stream, out _);
        }

        using var loadedModel = RoundTrip(model);
        using var fromLoaded = loadedModel.AsFinalStateEncoder();
        using var loadedEncoder = RoundTrip(encoder);

        loadedEncoder.InitialStateColumnName.Should().Be("State");
        fromLoaded.Transform(data).GetColumn<float[]>("FinalState").Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        loadedEncoder.Transform(data).GetColumn<float[]>("FinalState").Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Pipeline_StateConcatenatedBeforeAndDroppedAfterTheTrainer_ScoresInEngineAndAfterSaveLoad()
    {
        var ml = new MLContext(seed: 1);
        var rows = StatefulSequences.Rows(16, 1, InputSize, Hidden)
            .Select(r => new ScalarStates { Features = r.Features, A = r.State[0], B = r.State[1], C = r.State[2], D = r.State[3], Label = r.Label }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Concatenate("State", "A", "B", "C", "D")   // a state column with slot names
            .Append(StatefulSequences.Trainer(ml, RecurrentCellType.Gru, 1, bidirectional: false, Hidden, InputSize))
            .Append(ml.Transforms.DropColumns("State"))
            .Append(ml.Transforms.SelectColumns("Score", "Label"))
            .Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;

        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        var engine = ml.Model.CreatePredictionEngine<ScalarStates, StatefulScore>(model);
        var loaded = ml.Model.Load(stream, out _).Transform(data).GetColumn<float>("Score").ToArray();

        rows.Select(r => engine.Predict(r).Score).Should().Equal(scores, (a, b) => Math.Abs(a - b) < 1e-5f);
        loaded.Should().Equal(scores);
        ((IDisposable)model.OfType<RecurrentPredictionTransformer>().Single()).Dispose();
    }

    [Fact]
    public void Transform_ConcurrentScoringWithStates_SameAsSequential()
    {
        var ml = new MLContext(seed: 1);
        int stateSize = 2 * Layers * Hidden;
        using var model = StatefulSequences.Trainer(ml, RecurrentCellType.Lstm, Layers, bidirectional: false, Hidden, InputSize)
            .Fit(StatefulSequences.Load(ml, StatefulSequences.Rows(8, 1, InputSize, stateSize), stateSize));
        using var encoder = model.AsFinalStateEncoder();
        var rows = StatefulSequences.Rows(40, 3, InputSize, stateSize);
        var data = StatefulSequences.Load(ml, rows, stateSize);
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        var finals = encoder.Transform(data).GetColumn<float[]>("FinalState").ToArray();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            model.Transform(data).GetColumn<float>("Score").Should().Equal(scores);
            encoder.Transform(data).GetColumn<float[]>("FinalState").Should().BeEquivalentTo(finals, o => o.WithStrictOrdering());
            var engine = ml.Model.CreatePredictionEngine<StatefulSequence, StatefulScore>(model, inputSchemaDefinition: StatefulSequences.Schema(stateSize));
            engine.Predict(rows[k]).Score.Should().BeApproximately(scores[k], 1e-5f);
        });
    }

    private static StatefulSequence Part(StatefulSequence row, int fromStep, int toStep, float[] state) => new()
    {
        Features = row.Features[(fromStep * InputSize)..(toStep * InputSize)],
        State = state,
        Label = row.Label,
    };

    private static float[] Scores(MLContext ml, ITransformer model, System.Collections.Generic.IEnumerable<StatefulSequence> rows, int stateSize)
        => model.Transform(StatefulSequences.Load(ml, rows, stateSize)).GetColumn<float>("Score").ToArray();

    private static float[][] FinalStates(MLContext ml, ITransformer encoder, System.Collections.Generic.IEnumerable<StatefulSequence> rows, int stateSize)
        => encoder.Transform(StatefulSequences.Load(ml, rows, stateSize)).GetColumn<float[]>("FinalState").ToArray();
}
