using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Scoring;

public class RecurrentEncoderTests
{
    [Fact]
    public void AsEncoder_ModelDisposedAfterwards_EncoderSaysTheSharedWeightsAreGone()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFactory.Data(ml, TrainerKind.Binary, count: 10);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1).Fit(data);
        var encoder = model.AsEncoder();
        model.Dispose();   // the encoder shares the model's network
        using var stream = new MemoryStream();

        // Before: Save wrote a file without weights, GetWeights returned nothing, Transform threw TorchSharp's own error.
        var save = () => ml.Model.Save(encoder, data.Schema, stream);
        var weights = () => encoder.GetWeights();
        var encode = () => encoder.Transform(data).Preview();

        save.Should().Throw<ObjectDisposedException>().WithMessage("*cannot be saved any more*");
        weights.Should().Throw<ObjectDisposedException>().WithMessage("*cannot return its weights any more*");
        encode.Should().Throw<ObjectDisposedException>().WithMessage("*cannot score rows any more*");
    }

    [Fact]
    public void RecurrentEncoder_InPipelineWithSdca_FeaturesLearnable()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticSequences.Binary(60, 1));
        var pipeline = ml.Transforms.RecurrentEncoder(ml.BinaryClassification.Trainers.Recurrent(hiddenSize: 8, numberOfEpochs: 10, learningRate: 0.01f), "Encoding")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options { FeatureColumnName = "Encoding", NumberOfThreads = 1, MaximumNumberOfIterations = 20 }));

        var model = pipeline.Fit(data);
        var scored = model.Transform(data);

        scored.Schema["Encoding"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 8));
        ml.BinaryClassification.Evaluate(scored).Accuracy.Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void AsEncoder_SaveLoad_SameEncodings()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFactory.Data(ml, TrainerKind.Multiclass);
        using var classifier = TrainerFactory.Trainer(ml, TrainerKind.Multiclass, RecurrentCellType.Gru, bidirectional: true, epochs: 2).Fit(data);
        var encoder = classifier.AsEncoder("Encoding");
        var path = Path.Combine(Path.GetTempPath(), $"encoder-{Guid.NewGuid():N}.zip");

        ml.Model.Save(encoder, data.Schema, path);
        var loaded = ml.Model.Load(path, out _);

        var before = encoder.Transform(data).GetColumn<float[]>("Encoding").SelectMany(v => v).ToArray();
        var after = loaded.Transform(data).GetColumn<float[]>("Encoding").SelectMany(v => v).ToArray();
        after.Should().Equal(before);
        before.Length.Should().Be(60 * 32);
        encoder.Dispose();   // shares the classifier's network: disposing it leaves the classifier working
        TrainerFactory.Scores(classifier.Transform(data), TrainerKind.Multiclass).Should().HaveCount(180);
        File.Delete(path);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AsEncoderAllStates_VariableLengthRows_EveryStepStateMatchesGetHiddenStates(bool bidirectional)
    {
        var ml = new MLContext(seed: 2);
        var rows = SyntheticSequences.Binary(30, 2, inputSize: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var classifier = TrainerFactory.Trainer(ml, TrainerKind.Binary, RecurrentCellType.Lstm, bidirectional, epochs: 2, inputSize: 2).Fit(data);
        using var encoder = classifier.AsEncoder("States", allStates: true);
        var path = Path.Combine(Path.GetTempPath(), $"encoder-all-{Guid.NewGuid():N}.zip");

        var states = encoder.Transform(data).GetColumn<float[]>("States").ToArray();
        ml.Model.Save(encoder, data.Schema, path);
        var reloaded = ml.Model.Load(path, out _).Transform(data).GetColumn<float[]>("States").ToArray();
        File.Delete(path);

        int size = bidirectional ? 2 * 16 : 16;   // TrainerFactory trains hidden size 16
        encoder.Transform(data).Schema["States"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single));
        for (int i = 0; i < rows.Count; i++)
        {
            var expected = classifier.GetHiddenStates(rows[i].Features).SelectMany(s => s).ToArray();
            states[i].Should().HaveCount(rows[i].Features.Length / 2 * size);
            states[i].Should().Equal(expected, (a, b) => Math.Abs(a - b) < 1e-5f, "row {0} in a batch equals the row alone", i);
            reloaded[i].Should().Equal(states[i]);
        }
    }
}
