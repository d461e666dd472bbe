using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Data;

public class InitialStateColumnTests
{
    [Fact]
    public void Fit_StateColumnOfWrongSize_SaysReceivedExpectedSizeFormulaAndRemedy()
    {
        var ml = new MLContext(seed: 1);
        var data = StatefulSequences.Load(ml, StatefulSequences.Rows(4, 1, 2, 5), 5);
        var trainer = StatefulSequences.Trainer(ml, RecurrentCellType.Lstm, layers: 2, bidirectional: false, hidden: 3);

        var fit = () => trainer.Fit(data);

        fit.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The initial-state column 'State' (InitialStateColumnName) has type Vector<Single, 5>; expected Vector<Single, 12>: each row's complete initial state, " +
            "h as (layers × directions, HiddenSize) row-major, then c for an LSTM, so 2 (h and c) × 2 layers × 1 direction × 3 hidden = 12 values. " +
            "Give the column exactly that many Single values (mlContext.Transforms.Conversion.ConvertType converts Double; a final state from AsFinalStateEncoder of the same network has that layout), " +
            "or change the network's CellType, NumberOfLayers, Bidirectional or HiddenSize so that the sizes agree.");
    }

    [Fact]
    public void Fit_StateWithNaN_SaysRowAndWhereInTheState()
    {
        var ml = new MLContext(seed: 1);
        var rows = StatefulSequences.Rows(4, 1, 2, 8);
        rows[2].State[6] = float.NaN;   // c of layer 0 (GRU has no c: with 2 layers of 4, value 6 is h, layer 1, unit 2)
        var trainer = StatefulSequences.Trainer(ml, RecurrentCellType.Gru, layers: 2, bidirectional: false, hidden: 4);

        var fit = () => trainer.Fit(StatefulSequences.Load(ml, rows, 8));

        fit.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Row 2 of initial-state column 'State' has NaN at value 6 (h, layer 1, direction 0, unit 2); expected finite numbers. " +
            "Replace missing values first, e.g. with mlContext.Transforms.ReplaceMissingValues, or give zeros for a state that starts from rest.");
    }

    [Fact]
    public void Transform_StateWithInfinity_SaysRowAndCellState()
    {
        var ml = new MLContext(seed: 1);
        using var model = StatefulSequences.Trainer(ml, RecurrentCellType.Lstm, layers: 1, bidirectional: true, hidden: 2)
            .Fit(StatefulSequences.Load(ml, StatefulSequences.Rows(4, 1, 2, 8), 8));
        var rows = StatefulSequences.Rows(3, 2, 2, 8);
        rows[1].State[7] = float.PositiveInfinity;

        var score = () => model.Transform(StatefulSequences.Load(ml, rows, 8)).GetColumn<float>("Score").ToArray();

        score.Should().Throw<InvalidOperationException>().WithMessage("Row 1 of initial-state column 'State' has Infinity at value 7 (c, layer 0, direction 1, unit 1); expected finite numbers.*");
    }

    [Fact]
    public void GetOutputSchema_StateColumnMissingOrNotAVector_Throws()
    {
        var ml = new MLContext(seed: 1);
        var trainer = StatefulSequences.Trainer(ml, RecurrentCellType.Gru, layers: 1, bidirectional: false);
        var features = MLNetInternals.CreateColumn("Features", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        var label = MLNetInternals.CreateColumn("Label", SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false);
        var withoutState = new SchemaShape(new[] { features, label });
        var scalarState = new SchemaShape(new[] { features, label, MLNetInternals.CreateColumn("State", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false) });

        var missing = () => trainer.GetOutputSchema(withoutState);
        var scalar = () => trainer.GetOutputSchema(scalarState);

        missing.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The InitialState column 'State' was not found in the input schema*");
        scalar.Should().Throw<ArgumentException>().WithMessage("The initial-state column 'State' (InitialStateColumnName) has type Single; expected Vector<Single, 4>*");
    }

    [Fact]
    public void Options_StateColumnEmptyOrSameAsFeatures_ListsTheProblems()
    {
        var ml = new MLContext(seed: 1);
        var empty = () => ml.Regression.Trainers.Recurrent(new RecurrentRegressionOptions { InitialStateColumnName = " " });
        var same = () => ml.Regression.Trainers.Recurrent(new RecurrentRegressionOptions { InitialStateColumnName = "Features" });

        empty.Should().Throw<ArgumentException>().WithMessage("*InitialStateColumnName must name a column or null to start every row from zeros, got ' '.*");
        same.Should().Throw<ArgumentException>().WithMessage("*InitialStateColumnName is 'Features', the same column as FeatureColumnName*");
    }

    [Fact]
    public void GetHiddenStates_InitialStateOfWrongLength_SaysExpectedSize()
    {
        var ml = new MLContext(seed: 1);
        using var model = StatefulSequences.Trainer(ml, RecurrentCellType.Rnn, layers: 1, bidirectional: false, hidden: 4)
            .Fit(StatefulSequences.Load(ml, StatefulSequences.Rows(4, 1, 2, 4), 4));

        var states = () => model.GetHiddenStates(new float[] { 1, 2 }, new float[3]);

        states.Should().Throw<ArgumentException>().WithMessage("The initial-state column 'State' (InitialStateColumnName) has type an array of 3 values; expected Vector<Single, 4>*1 (h) × 1 layer × 1 direction × 4 hidden = 4*");
    }
}
