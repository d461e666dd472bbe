using System;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Options;

public class OptionsValidatorTests
{
    [Fact]
    public void Validate_ManyInvalidSettings_ListsEveryProblemAtOnce()
    {
        var options = new RecurrentMulticlassClassificationOptions
        {
            InputSize = 0,
            HiddenSize = -3,
            Dropout = 1.5f,
            LearningRate = float.NaN,
            GradientClipNorm = 0,
            EarlyStoppingPatience = 2,
            FeatureColumnName = "",
        };

        var create = () => new MLContext().MulticlassClassification.Trainers.Recurrent(options);

        create.Should().Throw<ArgumentException>().WithMessage(
            "RecurrentMulticlassClassificationOptions has 7 invalid settings:*" +
            "- InputSize must be a positive integer, got 0.*" +
            "- HiddenSize must be a positive integer, got -3.*" +
            "- Dropout must be in [0, 1), got 1.5.*" +
            "- LearningRate must be a positive finite number, got NaN.*" +
            "- GradientClipNorm must be a positive finite number or null to switch clipping off, got 0.*" +
            "- FeatureColumnName must name a column, got ''.*" +
            "- EarlyStoppingPatience is 2 but ValidationSet is null*");
    }

    [Fact]
    public void Validate_ShuffleBufferSizeZero_NamesTheSettingAndTheAlternative()
    {
        var create = () => new MLContext().Regression.Trainers.Recurrent(new RecurrentRegressionOptions { ShuffleBufferSize = 0 });

        create.Should().Throw<ArgumentException>().WithMessage(
            "RecurrentRegressionOptions has 1 invalid setting:*- ShuffleBufferSize must be a positive integer or null to read the data into memory, got 0.*");
    }

    [Fact]
    public void Validate_NumberOfThreadsZero_NamesTheSettingAndTheAlternative()
    {
        var create = () => new MLContext().Regression.Trainers.Recurrent(new RecurrentRegressionOptions { NumberOfThreads = 0 });

        create.Should().Throw<ArgumentException>().WithMessage(
            "RecurrentRegressionOptions has 1 invalid setting:*- NumberOfThreads must be a positive integer or null to choose by problem size, got 0.*");
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var create = () => new MLContext().Regression.Trainers.Recurrent(new RecurrentRegressionOptions());
        create.Should().NotThrow();
    }

    [Fact]
    public void Defaults_MatchDocumentedConstants()
    {
        var o = new RecurrentBinaryClassificationOptions();
        (o.InputSize, o.CellType, o.HiddenSize, o.NumberOfLayers, o.Bidirectional, o.Dropout, o.NumberOfEpochs, o.BatchSize, o.LearningRate)
            .Should().Be((RecurrentDefaults.InputSize, RecurrentDefaults.CellType, RecurrentDefaults.HiddenSize, RecurrentDefaults.NumberOfLayers,
                RecurrentDefaults.Bidirectional, RecurrentDefaults.Dropout, RecurrentDefaults.NumberOfEpochs, RecurrentDefaults.BatchSize, RecurrentDefaults.LearningRate));
        o.GradientClipNorm.Should().Be(RecurrentDefaults.GradientClipNorm);
        new RecurrentForecastingOptions().CellType.Should().Be(RecurrentCellType.Lstm);
        new RecurrentForecastingOptions().GradientClipNorm.Should().BeNull();
        o.NumberOfThreads.Should().BeNull();
        o.BucketByLength.Should().Be(RecurrentDefaults.BucketByLength).And.BeTrue();
        o.EarlyStoppingPatience.Should().BeNull();
        o.ValidationSet.Should().BeNull();
        (o.FeatureColumnName, o.LabelColumnName).Should().Be(("Features", "Label"));
    }
}
