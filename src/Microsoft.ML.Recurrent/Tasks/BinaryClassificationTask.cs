using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Bridge;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>One logit per sequence; outputs <c>Score</c> (the logit), <c>Probability</c> and <c>PredictedLabel</c>.</summary>
internal sealed class BinaryClassificationTask : PredictionTask
{
    private const string Task = "binary classification";
    private const string Expected = "Boolean, Single, Double, or a key with 2 values";

    public override PredictionTaskKind Kind => PredictionTaskKind.BinaryClassification;

    public override int OutputSize => 1;

    public override string MetricName => "Accuracy";

    public override bool HigherMetricIsBetter => true;

    public override void BindLabel(DataViewSchema.Column label)
    {
        var type = label.Type;
        bool ok = type == BooleanDataViewType.Instance || type == NumberDataViewType.Single || type == NumberDataViewType.Double
            || (type is KeyDataViewType key && key.Count == 2);
        if (!ok)
            throw LabelTypeError(Task, label, Expected, "Map it to Boolean, e.g. with mlContext.Transforms.CustomMapping or a Boolean property in your input class.");
    }

    protected override Func<long, float> CreateScalarLabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        var type = label.Type;
        if (type == BooleanDataViewType.Instance)
        {
            var getter = row.GetGetter<bool>(label);
            bool value = false;
            return _ => { getter(ref value); return value ? 1f : 0f; };
        }

        if (type is KeyDataViewType)
        {
            var read = KeyReader.Create(row, label);   // keys may be Byte, UInt16, UInt32 or UInt64
            return position =>
            {
                ulong key = read();
                if (key == 0)
                    throw new InvalidOperationException(ErrorMessages.LabelMissingKey(label.Name, position));
                return key - 1;
            };
        }

        var number = NumberReader.Create(row, label);
        return position =>
        {
            double v = number();
            if (!double.IsFinite(v))
                throw new InvalidOperationException(ErrorMessages.LabelNotFinite(label.Name, position, v));
            return v > 0 ? 1f : 0f;
        };
    }

    public override Tensor LabelTensor(SequenceLabels labels, ReadOnlySpan<int> indices, Device device)
    {
        var values = new float[indices.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = labels[indices[i]];
        return tensor(values, new long[] { values.Length, 1 }, device: device);   // -> (B, 1)
    }

    public override Tensor Loss(Tensor output, Tensor labels)
        => nn.functional.binary_cross_entropy_with_logits(output, labels);

    public override double Metric(ReadOnlySpan<float> outputs, SequenceLabels labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Count; i++)
            correct += (outputs[i] > 0) == (labels[i] > 0.5f) ? 1 : 0;
        return labels.Count == 0 ? 0 : (double)correct / labels.Count;
    }

    public override void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names)
    {
        builder.AddColumn(names.Score, NumberDataViewType.Single);
        builder.AddColumn(names.Probability, NumberDataViewType.Single);
        builder.AddColumn(names.PredictedLabel, BooleanDataViewType.Instance);
    }

    public override IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names)
    {
        yield return MLNetInternals.CreateColumn(names.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false);
        yield return MLNetInternals.CreateColumn(names.Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false);
        yield return MLNetInternals.CreateColumn(names.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false);
    }

    public override Delegate CreateGetter(int index, Func<ArraySegment<float>> currentOutputs) => index switch
    {
        0 => (ValueGetter<float>)((ref float v) => v = currentOutputs()[0]),
        1 => (ValueGetter<float>)((ref float v) => v = 1f / (1f + MathF.Exp(-currentOutputs()[0]))),
        _ => (ValueGetter<bool>)((ref bool v) => v = currentOutputs()[0] > 0),
    };

    public override void Write(BinaryWriter writer)
    {
    }

    protected override void ReadState(BinaryReader reader)
    {
    }
}
