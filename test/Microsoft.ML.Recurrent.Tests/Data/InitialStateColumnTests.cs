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

    /// <summary>A sequence with a State of 4 declared values, for a PredictionEngine.</summary>
    public sealed class DeclaredState
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        [VectorType(4)]
        public float[] State { get; set; } = new float[4];
    }

    /// <summary>A sequence and its label, without a state.</summary>
    public sealed class StatelessSequence
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        public bool Label { get; set; }
    }

    [Fact]
    public void Predict_StateArrayShorterThanDeclared_SaysRowReceivedAndExpectedCount()
    {
        var ml = new MLContext(seed: 1);
        using var model = StatefulSequences.Trainer(ml, RecurrentCellType.Gru, layers: 1, bidirectional: false, hidden: 4)
            .Fit(StatefulSequences.Load(ml, StatefulSequences.Rows(4, 1, 2, 4), 4));
        var engine = ml.Model.CreatePredictionEngine<DeclaredState, StatefulScore>(model);

        var predict = () => engine.Predict(new DeclaredState { Features = new float[4], State = new float[3] });

        predict.Should().Throw<InvalidOperationException>().Which.Message.Should().Be(
            "Row 0 of initial-state column 'State' has 3 values; expected 4: each row's complete initial state, " +
            "h as (layers × directions, HiddenSize) row-major, then c for an LSTM, so 1 (h) × 1 layer × 1 direction × 4 hidden = 4 values. " +
            "Give every row exactly 4 values (a [VectorType(4)] property of a PredictionEngine's input class must still hold an array of 4; " +
            "a final state from AsFinalStateEncoder of the same network has that layout).");
    }

    [Fact]
    public void Fit_ValidationSetWithoutStateOrWithStateOfWrongSize_SaysValidationSet()
    {
        var ml = new MLContext(seed: 1);
        var data = StatefulSequences.Load(ml, StatefulSequences.Rows(4, 1, 2, 4), 4);
        var rows = StatefulSequences.Rows(4, 2, 2, 4);
        var withoutState = ml.Data.LoadFromEnumerable(rows.Select(r => new StatelessSequence { Features = r.Features, Label = r.Label }));
        var wrongSize = StatefulSequences.Load(ml, StatefulSequences.Rows(4, 2, 2, 5), 5);
        IEstimator<RecurrentPredictionTransformer> Trainer(IDataView validation)
            => StatefulSequences.Trainer(ml, RecurrentCellType.Gru, layers: 1, bidirectional: false, hidden: 4, configure: o => o.ValidationSet = validation);

        var missing = () => Trainer(withoutState).Fit(data);
        var ofWrongSize = () => Trainer(wrongSize).Fit(data);

        missing.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
            "In the validation set: The InitialState column 'State' was not found in the data; it has the columns [Features: Vector<Single>, Label: Boolean]. " +
            "Name an existing column in the options' InitialStateColumnName, or add the column to the data.");
        ofWrongSize.Should().Throw<ArgumentException>().WithMessage(
            "In the validation set: The initial-state column 'State' (InitialStateColumnName) has type Vector<Single, 5>; expected Vector<Single, 4>*");
    }
}
