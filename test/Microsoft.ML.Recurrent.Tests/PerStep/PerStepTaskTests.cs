using System.Linq;
using FluentAssertions;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Tasks;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.PerStep;

public class PerStepTaskTests
{
    public PerStepTaskTests() => Microsoft.ML.Recurrent.Native.TorchNativeLoader.EnsureLoaded();

    [Fact]
    public void Loss_PerStepRegressionPaddedBatch_EqualsTheMeanOverValidStepsOnly()
    {
        var task = new PerStepRegressionTask(0);
        var labels = new SequenceLabels();
        labels.Add(new[] { 1f, 2f, 3f });
        labels.Add(new[] { 4f });
        using var scope = NewDisposeScope();
        var target = task.LabelTensor(labels, new[] { 0, 1 }, CPU);                                   // -> (2, 3, 1)
        var output = tensor(new[] { 1f, 2f, 5f, 0f, 100f, 100f }, new long[] { 2, 3, 1 });        // padding holds 100

        float loss = task.Loss(output, target).item<float>();

        target.shape.Should().Equal(2, 3, 1);
        loss.Should().BeApproximately((0 + 0 + 4 + 16) / 4f, 1e-5f, "only the four valid steps count");
    }

    [Fact]
    public void LabelTensor_PerStepClassification_PadsWithTheIgnoredIndex()
    {
        var task = new PerStepClassificationTask();
        var labels = new SequenceLabels();
        labels.Add(new[] { 1f });
        labels.Add(new[] { 0f, 1f, 0f });
        using var scope = NewDisposeScope();

        var target = task.LabelTensor(labels, new[] { 0, 1 }, CPU);

        target.shape.Should().Equal(2, 3);
        target.data<long>().ToArray().Should().Equal(1, -100, -100, 0, 1, 0);
    }

    [Fact]
    public void SequenceLabels_RowsOfDifferentLengths_KeepTheirValuesInOrder()
    {
        var labels = new SequenceLabels();
        labels.Add(7f);
        labels.Add(new[] { 1f, 2f });
        labels.Add(System.ReadOnlySpan<float>.Empty);

        labels.Rows.Should().Be(3);
        labels.Count.Should().Be(3);
        labels.Row(1).ToArray().Should().Equal(1f, 2f);
        labels.Length(2).Should().Be(0);
        labels.Should().Equal(7f, 1f, 2f);
    }
}
