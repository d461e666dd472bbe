using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.Forecasting;
using Microsoft.ML.Recurrent.Tests.Packaging;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Persistence;

/// <summary>Model files written by earlier formats (kept in Persistence/Formats) still load and score exactly as when saved.</summary>
public class ModelFormatCompatibilityTests
{
    /// <summary>Scores of the fixture's rows, printed by the library that saved it (format 1, before initial states).</summary>
    private static readonly float[] FixtureScores = { 1.6066177f, 1.6078706f, 1.6078482f, 1.6103932f, 1.6074541f, 1.6078026f };

    [Fact]
    public void Load_MulticlassPipelineInFormat1_ScoresAsWhenSaved()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(12, 1));

        var model = ml.Model.Load(FormatFile("multiclass-format1.zip"), out _);

        Bits(Scores(model, data)).Should().Equal(Expected("multiclass-format1.scores.txt"));
        ml.Data.CreateEnumerable<LabelOut>(model.Transform(data), reuseRowObject: false).Select(r => r.PredictedLabel)
            .Should().OnlyContain(l => SyntheticSequences.ClassNames.Contains(l), "the key values are restored");
    }

    [Fact]
    public void Load_ForecasterWithCovariatesAndSeveralSeriesInFormat2_ScoresAsWhenSaved()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SeriesData.Sine(30, 1, id: "a").Concat(SeriesData.Sine(30, 2, id: "b")));

        var model = ml.Model.Load(FormatFile("forecaster-format2.zip"), out _);

        Bits(Scores(model, data)).Should().Equal(Expected("forecaster-format2.scores.txt"));
        model.CreateForecastEngine<Observation, ForecastResult>(ml).Predict(new Observation { Value = 0.5f, Load = 1, Series = "b" }).Forecast.Should().HaveCount(2);
    }

    [Fact]
    public void Load_ModelSavedBeforeInitialStates_ScoresAsBeforeFromZeros()
    {
        var ml = new MLContext(seed: 1);
        // The rows the fixture was trained on and scored with: a 2-layer LSTM regressor, InputSize 2, hidden 3.
        var rows = Enumerable.Range(0, 6).Select(i => new NumberSequence
        {
            Features = Enumerable.Range(0, 2 * (2 + i % 3)).Select(j => (float)Math.Sin(i + 0.7 * j)).ToArray(),
            Label = i * 0.5f,
        }).ToList();
        var path = FormatFile("regression-lstm-format1.zip");

        using var model = (RecurrentPredictionTransformer)ml.Model.Load(path, out _);
        var scores = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray();

        model.InitialStateColumnName.Should().BeNull();
        model.StateSize.Should().Be(2 * 2 * 3);
        scores.Should().Equal(FixtureScores, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void SaveLoad_ModelAndFinalStateEncoderWithInitialStateColumn_KeepColumnAndScores()
    {
        var ml = new MLContext(seed: 2);
        const int stateSize = 2 * 1 * 4;
        var data = StatefulSequences.Load(ml, StatefulSequences.Rows(12, 1, 2, stateSize), stateSize);
        using var model = StatefulSequences.Trainer(ml, RecurrentCellType.Lstm, layers: 1, bidirectional: false).Fit(data);
        using var encoder = model.AsFinalStateEncoder();
        var modelPath = Path.Combine(Path.GetTempPath(), $"stateful-{Guid.NewGuid():N}.zip");
        var encoderPath = Path.Combine(Path.GetTempPath(), $"stateful-encoder-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, modelPath);
            ml.Model.Save(encoder, data.Schema, encoderPath);
            var fresh = new MLContext();
            var loaded = (RecurrentPredictionTransformer)fresh.Model.Load(modelPath, out _);
            var loadedEncoder = (RecurrentPredictionTransformer)fresh.Model.Load(encoderPath, out _);

            loaded.InitialStateColumnName.Should().Be("State");
            loadedEncoder.InitialStateColumnName.Should().Be("State");
            loaded.Transform(data).GetColumn<float>("Score").Should().Equal(model.Transform(data).GetColumn<float>("Score"));
            loadedEncoder.Transform(data).GetColumn<float[]>("FinalState").SelectMany(v => v)
                .Should().Equal(encoder.Transform(data).GetColumn<float[]>("FinalState").SelectMany(v => v));
            var withoutState = ml.Data.LoadFromEnumerable(SyntheticSequences.Binary(3, 1, inputSize: 2));
            var score = () => loaded.Transform(withoutState);
            score.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The initial-state column 'State' this model was trained with was not found in the data to score*");
            loaded.Dispose();
            loadedEncoder.Dispose();
        }
        finally
        {
            File.Delete(modelPath);
            File.Delete(encoderPath);
        }
    }

    /// <summary>A model file kept in the repository.</summary>
    internal static string FormatFile(string name) => RepositoryFiles.Get("test", "Microsoft.ML.Recurrent.Tests", "Persistence", "Formats", name);

    /// <summary>Every Single and vector-of-Single column the model adds, flattened.</summary>
    internal static float[] Scores(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var values = new List<float>();
        foreach (var c in scored.Schema.Where(c => data.Schema.GetColumnOrNull(c.Name) is not { } d || d.Index != c.Index))
        {
            if (c.Type == NumberDataViewType.Single)
                values.AddRange(scored.GetColumn<float>(c));
            else if (c.Type is VectorDataViewType { ItemType: NumberDataViewType n } && n == NumberDataViewType.Single)
                values.AddRange(scored.GetColumn<VBuffer<float>>(c).SelectMany(v => v.DenseValues()));
        }

        return values.ToArray();
    }

    private static string[] Bits(float[] values) => values.Select(f => BitConverter.SingleToInt32Bits(f).ToString("X8", CultureInfo.InvariantCulture)).ToArray();

    private static string[] Expected(string name) => File.ReadAllLines(FormatFile(name));

    private sealed class LabelOut
    {
        public string PredictedLabel { get; set; } = "";
    }
}
