using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Bridge;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>One number per sequence, learned on the standardised label; outputs <c>Score</c> on the label's scale.</summary>
internal sealed class RegressionTask : PredictionTask
{
    private readonly LabelStandardizer _scaling = new();

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

    protected override Func<long, float> CreateScalarLabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        var number = NumberReader.Create(row, label);
        return position =>
        {
            double v = number();
            if (!double.IsFinite(v))
                throw new InvalidOperationException(ErrorMessages.LabelNotFinite(label.Name, position, v));
            if (!float.IsFinite((float)v))   // a Double label beyond Single's range
                throw new InvalidOperationException(ErrorMessages.LabelBeyondSingle(label.Name, position, v));
            return (float)v;
        };
    }

    public override void FitLabels(LabelMoments moments) => _scaling.Fit(moments);

    public override Tensor LabelTensor(SequenceLabels labels, ReadOnlySpan<int> indices, Device device)
    {
        var values = new float[indices.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = _scaling.Scale(labels[indices[i]]);
        return tensor(values, new long[] { values.Length, 1 }, device: device);   // -> (B, 1)
    }

    public override Tensor Loss(Tensor output, Tensor labels) => nn.functional.mse_loss(output, labels);

    public override double Metric(ReadOnlySpan<float> outputs, SequenceLabels labels) => _scaling.Rmse(outputs, labels);

    public override void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names)
        => builder.AddColumn(names.Score, NumberDataViewType.Single);

    public override IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names)
    {
        yield return MLNetInternals.CreateColumn(names.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false);
    }

    public override Delegate CreateGetter(int index, Func<ArraySegment<float>> currentOutputs)
        => (ValueGetter<float>)((ref float v) => v = _scaling.Unscale(currentOutputs()[0]));

    public override void Write(BinaryWriter writer) => _scaling.Write(writer);

    protected override void ReadState(BinaryReader reader) => _scaling.Read(reader);
}
