using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tasks;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Classification;

/// <summary>Key labels made by MapValueToKey from any primitive label type keep their KeyValues through the trainers,
/// MapKeyToValue, Score's SlotNames and a model save and load.</summary>
public class KeyValueTypesTests
{
    [Fact]
    public void MulticlassPipeline_Int16Label_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new short[] { 0, 10, 20 });

    [Fact]
    public void MulticlassPipeline_ByteLabel_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new byte[] { 0, 10, 20 });

    [Fact]
    public void MulticlassPipeline_UInt64Label_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new ulong[] { 0, 10, ulong.MaxValue });

    [Fact]
    public void MulticlassPipeline_SByteLabel_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new sbyte[] { -10, 0, 10 });

    [Fact]
    public void MulticlassPipeline_UInt16Label_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new ushort[] { 0, 10, ushort.MaxValue });

    [Fact]
    public void MulticlassPipeline_DateTimeLabel_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new[] { new DateTime(2020, 1, 2, 3, 4, 5, 678), new DateTime(2021, 6, 7), new DateTime(2022, 12, 31, 23, 59, 59) });

    [Fact]
    public void MulticlassPipeline_TimeSpanLabel_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new[] { TimeSpan.Zero, TimeSpan.FromMinutes(90), TimeSpan.FromTicks(-1234567) });

    [Fact]
    public void MulticlassPipeline_DateTimeOffsetLabel_KeepsKeyValues()
        => AssertMulticlassKeepsKeyValues(new[]
        {
            new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            new DateTimeOffset(2021, 6, 7, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2022, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-5)),
        });

    [Fact]
    public void MulticlassPipeline_KeyLabel_KeepsKeyTypedKeyValues()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 12).Select(i => new KeyRow
        {
            Features = Enumerable.Range(0, 3 + i % 2).Select(j => (i % 3 - 1) * 2f + j * 0.1f).ToArray(),
            Label = (uint)(i % 3 * 2 + 1),
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Key", "Label")
            .Append(ml.MulticlassClassification.Trainers.Recurrent(labelColumnName: "Key", hiddenSize: 4, numberOfEpochs: 1))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedValue", "PredictedLabel"))
            .Fit(data);

        var scored = model.Transform(data);
        var reloaded = SaveAndLoad(ml, model, data.Schema).Transform(data);

        scored.Schema["PredictedValue"].Type.Should().Be(data.Schema["Label"].Type);
        reloaded.Schema["PredictedValue"].Type.Should().Be(data.Schema["Label"].Type);
        var predicted = scored.GetColumn<uint>("PredictedValue").ToArray();
        var labels = scored.GetColumn<uint>("Label").Distinct().ToArray();
        labels.Should().HaveCount(3);
        predicted.Should().BeSubsetOf(labels);
        reloaded.GetColumn<uint>("PredictedValue").Should().Equal(predicted);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        reloaded.Schema["Score"].GetSlotNames(ref slotNames);
        slotNames.DenseValues().Select(n => n.ToString()).Should().Equal(labels.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void PerStepPipeline_Int16Tags_KeepsKeyValues()
    {
        var ml = new MLContext(seed: 1);
        var classes = new short[] { 0, 10, 20 };
        var rows = Enumerable.Range(0, 12).Select(i => new StepRow
        {
            Features = Enumerable.Range(0, 3 + i % 3).Select(j => (float)((i + j) % 3 - 1)).ToArray(),
            Tags = Enumerable.Range(0, 3 + i % 3).Select(j => classes[(i + j) % 3]).ToArray(),
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Key", "Tags")
            .Append(ml.MulticlassClassification.Trainers.RecurrentPerStep(labelColumnName: "Key", hiddenSize: 4, numberOfEpochs: 1))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedValue", "PredictedLabel"))
            .Fit(data);

        var before = ml.Data.CreateEnumerable<StepPrediction>(model.Transform(data), reuseRowObject: false).ToArray();
        var loaded = SaveAndLoad(ml, model, data.Schema);
        var after = ml.Data.CreateEnumerable<StepPrediction>(loaded.Transform(data), reuseRowObject: false).ToArray();

        before.Select(p => p.PredictedValue.Length).Should().Equal(rows.Select(r => r.Tags.Length));
        before.SelectMany(p => p.PredictedValue).Should().BeSubsetOf(classes);
        after.Select(p => p.PredictedValue).Should().BeEquivalentTo(before.Select(p => p.PredictedValue), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Read_StoredTextKeyValues_ReadsTheFormatModelsWereSavedIn()
    {
        // The stored format: the TypeCode as an int, the count, then the values as strings (what models saved before
        // the wider type support hold).
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((int)TypeCode.String);
            writer.Write(2);
            writer.Write("low");
            writer.Write("high");
            writer.Write((int)TypeCode.Int64);
            writer.Write(2);
            writer.Write("-5");
            writer.Write("7");
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var text = KeyValuesAnnotation.Read(reader);
        var longs = KeyValuesAnnotation.Read(reader);

        text.Names.Should().Equal("low", "high");
        text.ItemType.Should().Be(TextDataViewType.Instance);
        longs.Names.Should().Equal("-5", "7");
        longs.ItemType.Should().Be(NumberDataViewType.Int64);
    }

    [Fact]
    public void Read_UnknownTypeCode_ThrowsInvalidData()
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(12345);
            writer.Write(1);
            writer.Write("x");
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);

        FluentActions.Invoking(() => KeyValuesAnnotation.Read(reader)).Should().Throw<InvalidDataException>();
    }

    private static void AssertMulticlassKeepsKeyValues<T>(T[] classes)
        where T : notnull
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 12).Select(i => new LabelRow<T>
        {
            Features = Enumerable.Range(0, 3 + i % 2).Select(j => (i % 3 - 1) * 2f + j * 0.1f).ToArray(),
            Label = classes[i % 3],
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var estimator = ml.Transforms.Conversion.MapValueToKey("Key", "Label")
            .Append(ml.MulticlassClassification.Trainers.Recurrent(labelColumnName: "Key", hiddenSize: 4, numberOfEpochs: 1))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedValue", "PredictedLabel"));

        var model = estimator.Fit(data);
        var scored = model.Transform(data);

        var predicted = scored.GetColumn<T>("PredictedValue").ToArray();
        predicted.Should().HaveCount(rows.Count);
        predicted.Should().BeSubsetOf(classes);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        var expectedNames = Names(classes);
        slotNames.DenseValues().Select(n => n.ToString()).Should().Equal(expectedNames);
        VBuffer<T> keyValues = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref keyValues);
        keyValues.DenseValues().Should().Equal(classes);

        var loaded = SaveAndLoad(ml, model, data.Schema);
        var reloaded = loaded.Transform(data);
        reloaded.GetColumn<T>("PredictedValue").Should().Equal(predicted);
        reloaded.Schema["Score"].GetSlotNames(ref slotNames);
        slotNames.DenseValues().Select(n => n.ToString()).Should().Equal(expectedNames);
    }

    /// <summary>The classes as ML.NET's own conversion to text writes them (what the SlotNames should read).</summary>
    private static string[] Names<T>(T[] classes)
        where T : notnull
    {
        if (typeof(T) == typeof(DateTime))
            return classes.Select(c => ((DateTime)(object)c).ToString("O", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (typeof(T) == typeof(DateTimeOffset))
            return classes.Select(c => ((DateTimeOffset)(object)c).ToString("O", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (typeof(T) == typeof(TimeSpan))
            return classes.Select(c => ((TimeSpan)(object)c).ToString("c", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return classes.Select(c => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)!).ToArray();
    }

    private static ITransformer SaveAndLoad(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, schema, stream);
        stream.Position = 0;
        return ml.Model.Load(stream, out _);
    }

    private sealed class LabelRow<T>
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        public T Label { get; set; } = default!;
    }

    private sealed class KeyRow
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        [KeyType(6)]
        public uint Label { get; set; }
    }

    private sealed class StepRow
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        [VectorType]
        public short[] Tags { get; set; } = Array.Empty<short>();
    }

    private sealed class StepPrediction
    {
        [VectorType]
        public short[] PredictedValue { get; set; } = Array.Empty<short>();
    }
}
