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
