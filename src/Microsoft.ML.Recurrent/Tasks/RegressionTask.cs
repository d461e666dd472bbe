using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>One number per sequence, learned on the standardised label; outputs <c>Score</c> on the label's scale.</summary>
internal sealed class RegressionTask : PredictionTask
{
    private float _mean;
    private float _std = 1;

    public override PredictionTaskKind Kind => PredictionTaskKind.Regression;

    public override int OutputSize => 1;

    public override string MetricName => "RMSE";

    public override bool HigherMetricIsBetter => false;

    public override void BindLabel(DataViewSchema.Column label)
    {
        if (label.Type != NumberDataViewType.Single && label.Type != NumberDataViewType.Double)
        {
            throw LabelTypeError("regression", label, "Single or Double",
                "Convert it with mlContext.Transforms.Conversion.ConvertType(\"" + label.Name + "\", outputKind: DataKind.Single).");
        }
    }

    public override Func<long, float> CreateLabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        var number = NumberReader.Create(row, label);
        return position =>
        {
            double v = number();
            if (!double.IsFinite(v))
                throw new InvalidOperationException(ErrorMessages.LabelNotFinite(label.Name, position, v));
            return (float)v;
        };
    }

    public override void FitLabels(IReadOnlyList<float> labels)
    {
        double sum = 0, sumSquares = 0;
        foreach (var l in labels)
        {
            sum += l;
            sumSquares += (double)l * l;
        }

        double mean = sum / Math.Max(labels.Count, 1);
        double std = Math.Sqrt(Math.Max(sumSquares / Math.Max(labels.Count, 1) - mean * mean, 0));
        _mean = (float)mean;
        _std = std > 1e-8 ? (float)std : 1f;
    }

    public override Tensor LabelTensor(IReadOnlyList<float> labels, ReadOnlySpan<int> indices, Device device)
    {
        var values = new float[indices.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = (labels[indices[i]] - _mean) / _std;
        return tensor(values, new long[] { values.Length, 1 }, device: device);   // -> (B, 1)
    }

    public override Tensor Loss(Tensor output, Tensor labels) => nn.functional.mse_loss(output, labels);

    public override double Metric(ReadOnlySpan<float> outputs, IReadOnlyList<float> labels)
    {
        double sum = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            double error = Unscale(outputs[i]) - labels[i];
            sum += error * error;
        }

        return labels.Count == 0 ? 0 : Math.Sqrt(sum / labels.Count);
    }

    public override void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names)
        => builder.AddColumn(names.Score, NumberDataViewType.Single);

    public override IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names)
    {
        yield return MLNetInternals.CreateColumn(names.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false);
    }

    public override Delegate CreateGetter(int index, Func<float[]> currentOutputs)
        => (ValueGetter<float>)((ref float v) => v = Unscale(currentOutputs()[0]));

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_mean);
        writer.Write(_std);
    }

    protected override void ReadState(BinaryReader reader)
    {
        _mean = reader.ReadSingle();
        _std = reader.ReadSingle();
    }

    private float Unscale(float value) => value * _std + _mean;
}
