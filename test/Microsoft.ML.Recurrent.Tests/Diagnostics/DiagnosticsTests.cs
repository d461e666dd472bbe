using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Diagnostics;

public class DiagnosticsTests
{
    [Fact]
    public void GetParameterSummary_Lstm_ListsTorchNamesShapesAndTotal()
    {
        var ml = new MLContext(seed: 1);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1, inputSize: 2).Fit(TrainerFactory.Data(ml, TrainerKind.Binary, inputSize: 2));

        var summary = model.GetParameterSummary();

        summary.Parameters.Select(p => (p.Name, string.Join("x", p.Shape), p.Count)).Should().Equal(
            ("recurrent.weight_ih_l0", "64x2", 128L), ("recurrent.weight_hh_l0", "64x16", 1024L),
            ("recurrent.bias_ih_l0", "64", 64L), ("recurrent.bias_hh_l0", "64", 64L),
            ("head.weight", "1x16", 16L), ("head.bias", "1", 1L));
        summary.TotalCount.Should().Be(1297);
        summary.ToString().Should().Contain("Total").And.Contain("1,297");
    }

    [Fact]
    public void RecordGradientDiagnostics_On_RecordsLayerNormsAndInputGradientPerStep()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(SyntheticSequences.Binary(40, 1, fixedLength: true));
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, RecurrentCellType.Rnn, bidirectional: true, epochs: 2,
            configure: o => { o.RecordGradientDiagnostics = true; o.NumberOfLayers = 2; }).Fit(data);

        var epoch = model.TrainingHistory.Epochs[^1];
        epoch.GradientNorms!.Keys.Should().BeEquivalentTo("recurrent.l0", "recurrent.l0_reverse", "recurrent.l1", "recurrent.l1_reverse", "head");
        epoch.GradientNorms.Values.Should().OnlyContain(v => v > 0 && double.IsFinite(v));
        epoch.InputGradientNorms.Should().HaveCount(6).And.OnlyContain(v => v > 0);
    }

    [Fact]
    public void RecordGradientDiagnostics_Off_LeavesThemNull()
    {
        var ml = new MLContext(seed: 1);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, epochs: 1).Fit(TrainerFactory.Data(ml, TrainerKind.Binary));
        model.TrainingHistory.Epochs.Should().OnlyContain(e => e.GradientNorms == null && e.InputGradientNorms == null);
    }

    [Fact]
    public void GetHiddenStates_Bidirectional_OneStatePerStepOfBothDirections()
    {
        var ml = new MLContext(seed: 1);
        var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, RecurrentCellType.Gru, bidirectional: true, epochs: 1).Fit(TrainerFactory.Data(ml, TrainerKind.Binary));

        var states = model.GetHiddenStates(new[] { 1f, 0.5f, -0.2f, 0.9f });

        states.Should().HaveCount(4).And.OnlyContain(s => s.Length == 32 && s.All(v => v > -1 && v < 1));
        var tooShort = () => model.GetHiddenStates(new float[0]);
        tooShort.Should().Throw<System.InvalidOperationException>().WithMessage("*empty sequence*");
    }
}
