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
}
