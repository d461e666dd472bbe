using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Bridge;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>One logit per class; outputs <c>Score</c> (class probabilities, with <c>SlotNames</c>) and
/// <c>PredictedLabel</c> (a key carrying the label's <c>KeyValues</c>).</summary>
internal sealed class MulticlassClassificationTask : PredictionTask
{
    private ClassKeys _classes = new();

    public override PredictionTaskKind Kind => PredictionTaskKind.MulticlassClassification;

    public override int OutputSize => _classes.Count;

    public override string MetricName => "Accuracy";

    public override bool HigherMetricIsBetter => true;

    /// <summary>Class names (the label's key values, or "0", "1", … when it has none).</summary>
    public string[] ClassNames => _classes.Names;

    public override void BindLabel(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType key || key.Count < 2 || key.Count > int.MaxValue)
        {
            throw LabelTypeError("multiclass classification", label, "a key type with at least 2 values",
                $"Map it to a key first: mlContext.Transforms.Conversion.MapValueToKey(\"{label.Name}\").");
        }

        _classes = ClassKeys.Of(label, key);
    }

    protected override Func<long, float> CreateScalarLabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        var getter = KeyReader.Create(row, label);
        return position =>
        {
            ulong key = getter();
            if (key == 0)
                throw new InvalidOperationException(ErrorMessages.LabelMissingKey(label.Name, position));
            return key - 1;
        };
    }

    public override Tensor LabelTensor(SequenceLabels labels, ReadOnlySpan<int> indices, Device device)
    {
        var values = new long[indices.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = (long)labels[indices[i]];
        return tensor(values, device: device);   // -> (B)
    }

    public override Tensor Loss(Tensor output, Tensor labels) => nn.functional.cross_entropy(output, labels);

    public override double Metric(ReadOnlySpan<float> outputs, SequenceLabels labels) => Logits.Accuracy(outputs, labels, _classes.Count);

    public override void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names)
    {
        var scoreAnnotations = new DataViewSchema.Annotations.Builder();
        KeyValuesAnnotation.AddSlotNames(scoreAnnotations, ClassNames);
        builder.AddColumn(names.Score, new VectorDataViewType(NumberDataViewType.Single, _classes.Count), scoreAnnotations.ToAnnotations());

        var labelAnnotations = new DataViewSchema.Annotations.Builder();
        _classes.Values?.AddKeyValues(labelAnnotations);
        builder.AddColumn(names.PredictedLabel, new KeyDataViewType(typeof(uint), _classes.Count), labelAnnotations.ToAnnotations());
    }

    public override IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names)
    {
        var slotNames = MLNetInternals.CreateColumn("SlotNames", SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance, false);
        yield return MLNetInternals.CreateColumn(names.Score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false,
            new SchemaShape(new[] { slotNames }));
        var keyValues = label?.Annotations.Where(c => c.Name == "KeyValues").ToArray() ?? Array.Empty<SchemaShape.Column>();
        yield return MLNetInternals.CreateColumn(names.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true,
            new SchemaShape(keyValues));
    }

    public override Delegate CreateGetter(int index, Func<ArraySegment<float>> currentOutputs) => index switch
    {
        0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var editor = VBufferEditor.Create(ref v, _classes.Count);
            Logits.Softmax(currentOutputs(), editor.Values);
            v = editor.Commit();
        }),
        _ => (ValueGetter<uint>)((ref uint v) => v = (uint)Logits.ArgMax(currentOutputs()) + 1),
    };

    public override void Write(BinaryWriter writer) => _classes.Write(writer);

    protected override void ReadState(BinaryReader reader) => _classes = ClassKeys.Read(reader);
}
