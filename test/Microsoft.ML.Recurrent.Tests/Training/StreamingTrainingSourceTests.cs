using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Recurrent.Tests.TestData;
using Microsoft.ML.Recurrent.Training;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class StreamingTrainingSourceTests
{
    [Fact]
    public void Epoch_BufferSmallerThanData_YieldsEveryRowExactlyOnceWithItsLabel()
    {
        var (source, _) = Source(rows: 103, bufferSize: 10);

        var seen = source.Epoch(new Random(1), batchSize: 8)
            .SelectMany(b => b.Indices.Select(i => (Value: b.Rows[i][0], Label: b.Labels[i])))
            .ToList();

        seen.Select(s => s.Value).Should().BeEquivalentTo(Enumerable.Range(0, 103).Select(i => (float)i), "each row once per epoch");
        seen.Should().OnlyContain(s => s.Label == s.Value * 2, "a row keeps its own label");
        seen.Select(s => s.Value).Should().NotBeInAscendingOrder("rows are shuffled");
    }

    [Fact]
    public void Epoch_FirstBatch_DrawnOnlyFromTheRowsTheBufferCouldHold()
    {
        var (source, _) = Source(rows: 1000, bufferSize: 16);

        var first = source.Epoch(new Random(2), batchSize: 8).First();
        var values = first.Indices.Select(i => first.Rows[i][0]).ToArray();

        values.Should().HaveCount(8);
        values.Should().OnlyContain(v => v < 16 + 8, "the buffer holds 16 rows and each drawn row is replaced by the next one read");
    }

    [Fact]
    public void Epoch_SameSeed_SameBatches()
    {
        var (source, _) = Source(rows: 50, bufferSize: 7);

        float[] Order(int seed) => source.Epoch(new Random(seed), 5).SelectMany(b => b.Indices.Select(i => b.Rows[i][0]).ToArray()).ToArray();

        Order(3).Should().Equal(Order(3));
        Order(3).Should().NotEqual(Order(4));
    }

    [Fact]
    public void Epoch_VariableLengthsBucketed_EveryRowOnceInBatchesOfSimilarLength()
    {
        var bucketed = VariableLengthSource(rows: 400, bufferSize: 200, bucketByLength: true);
        var plain = VariableLengthSource(rows: 400, bufferSize: 200, bucketByLength: false);

        var batches = bucketed.Epoch(new Random(5), batchSize: 10).Select(b => b.Indices.Select(i => (Value: b.Rows[i][0], Steps: b.Rows[i].Length / 2, Label: b.Labels[i])).ToArray()).ToList();
        var plainBatches = plain.Epoch(new Random(5), batchSize: 10).Select(b => b.Indices.Select(i => b.Rows[i].Length / 2).ToArray()).ToList();

        bucketed.BucketsByLength.Should().BeTrue();
        plain.BucketsByLength.Should().BeFalse();
        var seen = batches.SelectMany(b => b).ToList();
        seen.Select(s => s.Value).Should().BeEquivalentTo(Enumerable.Range(0, 400).Select(i => (float)i), "each row once per epoch");
        seen.Should().OnlyContain(s => s.Label == s.Value * 2 && s.Steps == 1 + (int)s.Value % 50, "a row keeps its own label and length");
        double spread = batches.Average(b => b.Max(r => r.Steps) - b.Min(r => r.Steps));
        double plainSpread = plainBatches.Average(b => b.Max() - b.Min());
        spread.Should().BeLessThan(plainSpread / 4, "a batch holds rows of similar length (plain shuffling: {0:F1} steps apart)", plainSpread);
        batches.Select(b => b.Max(r => r.Steps)).Should().NotBeInAscendingOrder("the batches of a pool come in random order");
    }

    [Fact]
    public void Epoch_BucketedSameSeed_SameBatches()
    {
        var source = VariableLengthSource(rows: 120, bufferSize: 40, bucketByLength: true);

        float[] Order(int seed) => source.Epoch(new Random(seed), 6).SelectMany(b => b.Indices.Select(i => b.Rows[i][0]).ToArray()).ToArray();

        Order(3).Should().Equal(Order(3));
        Order(3).Should().NotEqual(Order(4));
    }

    [Fact]
    public void Constructor_StreamedRows_StatisticsEqualTheInMemoryOnes()
    {
        var (source, data) = Source(rows: 40, bufferSize: 5);
        var inMemory = new InMemoryTrainingSource(SequenceReader.Read(data, Options(5), new RegressionTask(), "data"), bucketByLength: false, probeRows: 4);

        source.Count.Should().Be(40);
        source.Labels.Mean.Should().Be(inMemory.Labels.Mean);
        source.Labels.Std.Should().Be(inMemory.Labels.Std);
        var a = new float[2];
        var b = new float[2];
        source.Features.ToScaler().Apply(new[] { 1f, 30f }, a);
        inMemory.Features.ToScaler().Apply(new[] { 1f, 30f }, b);
        a.Should().Equal(b);
        source.Probe.Count.Should().Be(4);
    }

    [Fact]
    public void Fit_StreamingFromATextFile_LearnsAsWellAsInMemory()
    {
        var ml = new MLContext(seed: 3);
        var rows = SyntheticSequences.Binary(200, 3, fixedLength: true);
        var path = Path.Combine(Path.GetTempPath(), $"stream-{Guid.NewGuid():N}.tsv");
        int length = rows[0].Features.Length;
        File.WriteAllLines(path, rows.Select(r => (r.Label ? "1" : "0") + "\t" + string.Join("\t", r.Features.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        try
        {
            var file = ml.Data.LoadFromTextFile(path, new[]
            {
                new TextLoader.Column("Label", DataKind.Boolean, 0),
                new TextLoader.Column("Features", DataKind.Single, 1, length),
            });
            file.CanShuffle.Should().BeFalse("a text file is read in order: the shuffle buffer does the shuffling");

            var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 8, configure: o => o.ShuffleBufferSize = 32).Fit(file);

            model.TrainingHistory.Epochs.Should().HaveCount(8);
            ml.BinaryClassification.Evaluate(model.Transform(file)).Accuracy.Should().BeGreaterThan(0.95);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fit_StreamingSameSeed_IdenticalModels()
    {
        float[] Train(int seed)
        {
            var ml = new MLContext(seed);
            var data = TrainerFactory.Data(ml, TrainerKind.Regression, count: 40);
            var model = TrainerFactory.Trainer(ml, TrainerKind.Regression, epochs: 2, configure: o => o.ShuffleBufferSize = 8).Fit(data);
            return TrainerFactory.Scores(model.Transform(data), TrainerKind.Regression);
        }

        Train(5).Should().Equal(Train(5));
    }

    [Fact]
    public void Fit_StreamingPerStepFromABinaryFile_CursorShuffleAndBufferTogether()
    {
        var ml = new MLContext(seed: 4);
        var path = Path.Combine(Path.GetTempPath(), $"stream-{Guid.NewGuid():N}.idv");
        using (var stream = File.Create(path))
            ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(PerStep.PerStepData.RunningSums(120, 4)), stream);
        try
        {
            var file = ml.Data.LoadFromBinary(path);
            var model = ml.Regression.Trainers.RecurrentPerStep(new RecurrentPerStepRegressionOptions
            {
                HiddenSize = 16, NumberOfEpochs = 20, BatchSize = 16, LearningRate = 0.01f, ShuffleBufferSize = 40,
            }).Fit(file);

            var metrics = ml.Regression.EvaluatePerStep(model.Transform(file));
            metrics.RSquared.Should().BeGreaterThan(0.9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fit_StreamingDataWithABadRow_FailsBeforeTrainingWithTheRowNamed()
    {
        var ml = new MLContext(seed: 1);
        var rows = SyntheticSequences.Binary(30, 1);
        rows[17].Features[1] = float.NaN;

        var fit = () => TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1, configure: o => o.ShuffleBufferSize = 8).Fit(ml.Data.LoadFromEnumerable(rows));

        fit.Should().Throw<InvalidOperationException>().WithMessage("Row 17 of column 'Features' has NaN at value 1*");
    }

    private static RecurrentRegressionOptions Options(int bufferSize) => new() { InputSize = 2, ShuffleBufferSize = bufferSize };

    /// <summary>Rows i = 0…n−1 of 1 + i mod 50 steps of two channels (i, 30), labelled 2i, streamed through a buffer.</summary>
    private static StreamingTrainingSource VariableLengthSource(int rows, int bufferSize, bool bucketByLength)
    {
        Microsoft.ML.Recurrent.Native.TorchNativeLoader.EnsureLoaded();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new NumberSequence { Features = Enumerable.Repeat(new[] { i, 30f }, 1 + i % 50).SelectMany(v => v).ToArray(), Label = 2 * i }).ToList());
        var options = Options(bufferSize);
        options.BucketByLength = bucketByLength;
        return new StreamingTrainingSource(data, options, new RegressionTask(), bufferSize, probeRows: 4, "data");
    }

    /// <summary>Rows i = 0…n−1 of two steps (i, 30) labelled 2i, streamed through a buffer.</summary>
    private static (StreamingTrainingSource Source, IDataView Data) Source(int rows, int bufferSize)
    {
        Microsoft.ML.Recurrent.Native.TorchNativeLoader.EnsureLoaded();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new NumberSequence { Features = new[] { i, 30f }, Label = 2 * i }).ToList());
        return (new StreamingTrainingSource(data, Options(bufferSize), new RegressionTask(), bufferSize, probeRows: 4, "data"), data);
    }
}
