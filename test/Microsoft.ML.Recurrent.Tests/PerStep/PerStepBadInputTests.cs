using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
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
    public void GetHiddenStates_OneToManyGivenASequence_SaysOneInputIsExpected()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(1, 10).Select(i => new StepNumbers { Features = new[] { i / 10f }, Label = new[] { i / 10f, i / 5f } }).ToList();
        using var model = ml.Regression.Trainers.RecurrentOneToMany(outputLength: 2, hiddenSize: 4, numberOfEpochs: 1).Fit(ml.Data.LoadFromEnumerable(rows));

        // Before: IndexOutOfRangeException from the feature scaler.
        var states = () => model.GetHiddenStates(new[] { 0.5f, 0.2f, 0.1f });

        states.Should().Throw<InvalidOperationException>().WithMessage("*has 3 values; a one-to-many model expects exactly one input of InputSize (1) values per row.*");
        model.GetHiddenStates(new[] { 0.5f }).Should().HaveCount(2, "one input runs over the model's two steps");
    }

    [Fact]
    public void AsEncoder_OneToManyModel_EncodesTheStatesOverItsRepeatedSteps()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(1, 10).Select(i => new StepNumbers { Features = new[] { i / 10f }, Label = new[] { i / 10f, i / 5f, i * 0.3f } }).ToList();
        using var model = ml.Regression.Trainers.RecurrentOneToMany(outputLength: 3, hiddenSize: 4, numberOfEpochs: 1).Fit(ml.Data.LoadFromEnumerable(rows));
        var one = ml.Data.LoadFromEnumerable(new[] { new StepNumbers { Features = new[] { 0.7f }, Label = new[] { 0f, 0f, 0f } } });
        var states = model.GetHiddenStates(new[] { 0.7f });

        // Before, the encoder ran the input as a single step: 4 values and another final state.
        var final = model.AsEncoder("Encoding").Transform(one).GetColumn<float[]>("Encoding").Single();
        var all = model.AsEncoder("Encoding", allStates: true);
        var allEncoded = all.Transform(one).GetColumn<float[]>("Encoding").Single();
        using var stream = new System.IO.MemoryStream();
        ml.Model.Save(all, one.Schema, stream);
        stream.Position = 0;
        var reloaded = ml.Model.Load(stream, out _).Transform(one).GetColumn<float[]>("Encoding").Single();

        states.Should().HaveCount(3);
        final.Should().Equal(states[2], (a, b) => Math.Abs(a - b) < 1e-6f, "the final encoding is the state after the third repeated step");
        allEncoded.Should().Equal(states.SelectMany(s => s), (a, b) => Math.Abs(a - b) < 1e-6f, "every step's state, 3 × 4 values");
        reloaded.Should().Equal(allEncoded, "the repeat count is saved with the encoder");
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
