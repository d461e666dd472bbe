using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Classification;

/// <summary>One contract for every trainer × cell × direction: schema, learning, save/load, dispose.</summary>
public class RecurrentTrainerContractTests
{
    public static TheoryData<TrainerKind, RecurrentCellType, bool> Cases()
    {
        var data = new TheoryData<TrainerKind, RecurrentCellType, bool>();
        foreach (var kind in new[] { TrainerKind.Binary, TrainerKind.Multiclass, TrainerKind.Regression })
        {
            foreach (var cell in new[] { RecurrentCellType.Rnn, RecurrentCellType.Lstm, RecurrentCellType.Gru })
            {
                data.Add(kind, cell, false);
                data.Add(kind, cell, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_CertainData_LearnsAndRoundTrips(TrainerKind kind, RecurrentCellType cell, bool bidirectional)
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFactory.Data(ml, kind);
        var trainer = TrainerFactory.Trainer(ml, kind, cell, bidirectional, epochs: kind == TrainerKind.Regression ? 40 : 15);

        var shape = trainer.GetOutputSchema(global::Microsoft.ML.Recurrent.Bridge.MLNetInternals.CreateShape(data.Schema));
        var model = trainer.Fit(data);
        var scored = model.Transform(data);

        // Schema from GetOutputSchema equals Transform's.
        var expected = shape.Select(c => (c.Name, c.Kind, c.ItemType.RawType, c.IsKey)).OrderBy(c => c.Name);
        var actual = global::Microsoft.ML.Recurrent.Bridge.MLNetInternals.CreateShape(scored.Schema).Select(c => (c.Name, c.Kind, c.ItemType.RawType, c.IsKey)).OrderBy(c => c.Name);
        actual.Should().Equal(expected);

        // Learns data whose answer is certain.
        TrainerFactory.Quality(ml, kind, scored).Should().BeGreaterThan(kind == TrainerKind.Regression ? 0.8 : 0.95);
        model.TrainingHistory.Epochs.Should().HaveCount(kind == TrainerKind.Regression ? 40 : 15);

        // Save → load in a new MLContext gives identical scores.
        var path = Path.Combine(Path.GetTempPath(), $"contract-{kind}-{cell}-{bidirectional}-{System.Guid.NewGuid():N}.zip");
        ml.Model.Save(model, data.Schema, path);
        var other = new MLContext(seed: 2);
        var loaded = other.Model.Load(path, out var inputSchema);
        inputSchema.Select(c => c.Name).Should().Equal(data.Schema.Select(c => c.Name));
        TrainerFactory.Scores(loaded.Transform(data), kind).Should().Equal(TrainerFactory.Scores(scored, kind));
        File.Delete(path);

        // Dispose twice is safe.
        model.Dispose();
        model.Dispose();
        ((System.IDisposable)loaded).Dispose();
    }
}
