using System;
using System.Linq;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.PerStep;

public class PerStepBadInputTests
{
    [Fact]
    public void Fit_LabelStepsDifferFromSequenceSteps_SaysWhichRowAndBothCounts()
    {
        var ml = new MLContext(seed: 1);
        var rows = PerStepData.RunningSums(5, 1);
        rows[3].Label = rows[3].Label.Take(rows[3].Label.Length - 1).ToArray();

        var fit = () => ml.Regression.Trainers.RecurrentPerStep(numberOfEpochs: 1).Fit(ml.Data.LoadFromEnumerable(rows));

        fit.Should().Throw<InvalidOperationException>()
            .WithMessage($"Row 3 has {rows[3].Label.Length} label values in 'Label' but {rows[3].Features.Length} time steps in 'Features' (InputSize 1); a per-step model expects one label per time step.*");
    }

    [Fact]
    public void Fit_PerStepRegressionWithScalarLabel_ExplainsTheVectorLabel()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Tests.TestData.NumberSequence { Features = new float[] { 1, 2 }, Label = 1f } });

        var fit = () => ml.Regression.Trainers.RecurrentPerStep(numberOfEpochs: 1).Fit(data);

        fit.Should().Throw<ArgumentException>()
            .WithMessage("The label column 'Label' has type Single; per-step regression expects a vector of Single or Double, one value per step.*");
    }

    [Fact]
    public void Fit_PerStepLabelWithNaN_SaysRowAndStep()
    {
        var ml = new MLContext(seed: 1);
        var rows = PerStepData.RunningSums(4, 2);
        rows[2].Label[1] = float.NaN;

        var fit = () => ml.Regression.Trainers.RecurrentPerStep(numberOfEpochs: 1).Fit(ml.Data.LoadFromEnumerable(rows));

        fit.Should().Throw<InvalidOperationException>().WithMessage("Row 2 of label column 'Label' is NaN at step 1; expected a finite number at every step.*");
    }

    [Fact]
    public void Fit_PerStepClassifierWithTextLabel_AsksForMapValueToKey()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(PerStepData.Signs(4, 1));

        var fit = () => ml.MulticlassClassification.Trainers.RecurrentPerStep(labelColumnName: "Tags", numberOfEpochs: 1).Fit(data);

        fit.Should().Throw<ArgumentException>()
            .WithMessage("The label column 'Tags' has type Vector<String>; per-step classification expects a vector of UInt32 keys*MapValueToKey(\"Tags\")*");
    }

    [Fact]
    public void Transform_OneToManyRowWithASequence_SaysOneInputIsExpected()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(1, 10).Select(i => new StepNumbers { Features = new[] { i / 10f }, Label = new[] { i / 10f, i / 5f } }).ToList();
        var model = ml.Regression.Trainers.RecurrentOneToMany(outputLength: 2, numberOfEpochs: 1).Fit(ml.Data.LoadFromEnumerable(rows));
        var bad = ml.Data.LoadFromEnumerable(new[] { new StepNumbers { Features = new[] { 1f, 2f, 3f }, Label = new[] { 1f, 2f } } });

        var score = () => ml.Data.CreateEnumerable<StepScores>(model.Transform(bad), reuseRowObject: false).ToList();

        score.Should().Throw<InvalidOperationException>()
            .WithMessage("Row 0 of column 'Features' has 3 values; a one-to-many model expects exactly one input of InputSize (1) values per row.*");
    }

    [Fact]
    public void Options_OneToManyWithoutOutputLength_NamesTheSetting()
    {
        var ml = new MLContext(seed: 1);

        var create = () => ml.Regression.Trainers.RecurrentOneToMany(new RecurrentOneToManyRegressionOptions());

        create.Should().Throw<ArgumentException>().WithMessage("*OutputLength must be a positive integer (the number of output steps per row), got 0.*");
    }

    [Fact]
    public void EvaluatePerStep_ScoresOfAManyToOneModel_SaysWhatItExpects()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Tests.TestData.SyntheticSequences.Sum(20, 1));
        var scored = ml.Regression.Trainers.Recurrent(numberOfEpochs: 1).Fit(data).Transform(data);

        var evaluate = () => ml.Regression.EvaluatePerStep(scored);

        evaluate.Should().Throw<ArgumentException>().WithMessage("Column 'Label' has type Single; expected a vector of Single or Double, one value per step.*");
    }
}
