using System;
using System.Globalization;
using System.Linq;
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
    public void Validate_NegativeIntegerUnderSwedishCulture_MessageUsesTheAsciiMinus()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("sv-SE");   // its negative sign is U+2212
        try
        {
            var create = () => new MLContext().Regression.Trainers.Recurrent(new RecurrentRegressionOptions { BatchSize = -4 });

            create.Should().Throw<ArgumentException>().WithMessage("*- BatchSize must be a positive integer, got -4.*");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
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

    [Fact]
    public void Fit_OptionsChangedAfterTheTrainerWasCreated_TrainsWithTheValidatedCopy()
    {
        var ml = new MLContext(seed: 1);
        var options = new RecurrentBinaryClassificationOptions { HiddenSize = 8, NumberOfEpochs = 1, BatchSize = 4 };
        var trainer = ml.BinaryClassification.Trainers.Recurrent(options);
        options.BatchSize = 0;      // made Fit loop for ever before
        options.HiddenSize = 0;     // a raw libtorch error
        options.LearningRate = float.NaN;

        using var model = trainer.Fit(TestData.TrainerFactory.Data(ml, TestData.TrainerKind.Binary, count: 10));

        model.GetParameterSummary().Parameters.Should().Contain(p => p.Shape.Contains(8L), "the hidden size validated at creation is used");
        model.TrainingHistory.Epochs[0].TrainingLoss.Should().BeInRange(0, 10, "the learning rate validated at creation is used");
    }

    [Fact]
    public void Fit_ForecastingOptionsChangedAfterCreation_TrainsWithTheValidatedCopy()
    {
        var ml = new MLContext(seed: 1);
        var options = Forecasting.SeriesData.Options(window: 10, horizon: 3, epochs: 1);
        var estimator = ml.Forecasting.ForecastByRecurrent(options);
        options.WindowSize = 0;     // a raw libtorch error before
        options.BatchSize = 0;      // Fit looped for ever
        options.CovariateColumnNames = new[] { "Missing" };

        using var model = estimator.Fit(ml.Data.LoadFromEnumerable(Forecasting.SeriesData.Sine(60, 1)));
        var engine = model.CreateForecastEngine<Forecasting.Observation, Forecasting.ForecastResult>(ml);

        engine.Predict().Forecast.Should().HaveCount(3).And.OnlyContain(v => float.IsFinite(v));
    }
}
