using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>
/// One number per time step (many-to-many), or per output step of a one-to-many model: the label is a vector of
/// Single or Double, one per step, standardised for training; the loss is the squared error averaged over every valid
/// step of the batch (padding is ignored). Outputs <c>Score</c>: a vector, one prediction per step, on the label's scale.
/// </summary>
internal sealed class PerStepRegressionTask : PredictionTask
{
    private readonly LabelStandardizer _scaling = new();
    private int _repeatSteps;

    /// <param name="repeatSteps">For a one-to-many model, the number of output steps; 0 for per-step regression.</param>
    public PerStepRegressionTask(int repeatSteps) => _repeatSteps = repeatSteps;

    public override PredictionTaskKind Kind => PredictionTaskKind.PerStepRegression;

    public override int OutputSize => 1;

    public override bool PerStep => true;

    public override int RepeatSteps => _repeatSteps;

    public override string MetricName => "RMSE";

    public override bool HigherMetricIsBetter => false;

    public override void BindLabel(DataViewSchema.Column label)
    {
        if (label.Type is not VectorDataViewType vector || (vector.ItemType != NumberDataViewType.Single && vector.ItemType != NumberDataViewType.Double))
        {
            throw LabelTypeError(_repeatSteps > 0 ? "one-to-many regression" : "per-step regression", label, "a vector of Single or Double, one value per step",
                $"Give each row a Single[] label with {(_repeatSteps > 0 ? "OutputLength values" : "one value per time step")}, or convert it with mlContext.Transforms.Conversion.ConvertType(\"{label.Name}\", outputKind: DataKind.Single).");
        }
    }

    public override Action<long, SequenceLabels> CreateLabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        var read = NumberVectorReader.Create(row, label);
        return (position, labels) =>
        {
            var steps = read();
            for (int t = 0; t < steps.Count; t++)
            {
                if (!float.IsFinite(steps[t]))
                    throw new InvalidOperationException(ErrorMessages.LabelStepNotFinite(label.Name, position, t, steps[t]));
            }

            labels.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(steps));
        };
    }

    public override void FitLabels(LabelMoments moments) => _scaling.Fit(moments);

    public override Tensor Forward(RecurrentNetwork network, Tensor input, Tensor lengths, Tensor? initial) => network.ForwardPerStep(input, lengths, initial);

    public override Tensor LabelTensor(SequenceLabels labels, ReadOnlySpan<int> indices, Device device)
    {
        var (values, steps) = labels.Padded(indices, float.NaN, _scaling.Scale);
        return tensor(values, new long[] { indices.Length, steps, 1 }, device: device);   // -> (B, T, 1), NaN past each end
    }

    public override Tensor AllLabelsTensor(SequenceLabels labels)
    {
        var values = new float[labels.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = _scaling.Scale(labels[i]);
        return tensor(values, new long[] { values.Length, 1 });   // -> (N, 1)
    }

    public override Tensor Loss(Tensor output, Tensor labels)
    {
        // output: (B, T, 1) or (N, 1); labels: the same shape, NaN on padding.
        using var scope = NewDisposeScope();
        var valid = labels.isnan().logical_not();                                   // -> same shape, bool
        var loss = nn.functional.mse_loss(output.masked_select(valid), labels.masked_select(valid));   // -> ()
        return loss.MoveToOuterDisposeScope();
    }

    public override double Metric(ReadOnlySpan<float> outputs, SequenceLabels labels) => _scaling.Rmse(outputs, labels);

    public override void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names)
        => builder.AddColumn(names.Score, _repeatSteps > 0
            ? new VectorDataViewType(NumberDataViewType.Single, _repeatSteps)
            : new VectorDataViewType(NumberDataViewType.Single));

    public override IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names)
    {
        yield return MLNetInternals.CreateColumn(names.Score,
            _repeatSteps > 0 ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single, false);
    }

    public override Delegate CreateGetter(int index, Func<ArraySegment<float>> currentOutputs)
        => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var outputs = currentOutputs();
            var editor = VBufferEditor.Create(ref v, outputs.Count);
            for (int t = 0; t < outputs.Count; t++)
                editor.Values[t] = _scaling.Unscale(outputs[t]);
            v = editor.Commit();
        });

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_repeatSteps);
        _scaling.Write(writer);
    }

    protected override void ReadState(BinaryReader reader)
    {
        _repeatSteps = reader.ReadInt32();
        if (_repeatSteps < 0)
            throw new InvalidDataException($"the stored output length {_repeatSteps} is negative");
        _scaling.Read(reader);
    }
}
