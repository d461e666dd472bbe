using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>
/// One class per time step (many-to-many): the label is a vector of keys, one per step; the loss is the cross-entropy
/// averaged over every valid step of the batch (padding is ignored). Outputs <c>Score</c> (per step class
/// probabilities, flattened time-major) and <c>PredictedLabel</c> (a vector of keys, one per step, with the label's
/// <c>KeyValues</c>).
/// </summary>
internal sealed class PerStepClassificationTask : PredictionTask
{
    private const long IgnoredStep = -100;
    private ClassKeys _classes = new();

    public override PredictionTaskKind Kind => PredictionTaskKind.PerStepClassification;

    public override int OutputSize => _classes.Count;

    public override bool PerStep => true;

    public override string MetricName => "Accuracy";

    public override bool HigherMetricIsBetter => true;

    public override void BindLabel(DataViewSchema.Column label)
    {
        if (label.Type is not VectorDataViewType { ItemType: KeyDataViewType key } || key.RawType != typeof(uint) || key.Count < 2 || key.Count > int.MaxValue)
        {
            throw LabelTypeError("per-step classification", label, "a vector of UInt32 keys (one per time step) with at least 2 values",
                $"Map it to keys first: mlContext.Transforms.Conversion.MapValueToKey(\"{label.Name}\") on a vector of classes, one per step.");
        }

        _classes = ClassKeys.Of(label, key);
    }

    public override Action<long, SequenceLabels> CreateLabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        var getter = row.GetGetter<VBuffer<uint>>(label);
        VBuffer<uint> buffer = default;
        var steps = new List<float>();
        return (position, labels) =>
        {
            getter(ref buffer);
            steps.Clear();
            int step = 0;
            foreach (var key in buffer.DenseValues())
            {
                if (key == 0)
                    throw new InvalidOperationException(ErrorMessages.LabelStepMissingKey(label.Name, position, step));
                steps.Add(key - 1);
                step++;
            }

            labels.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(steps));
        };
    }

    public override Tensor Forward(RecurrentNetwork network, Tensor input, Tensor lengths, Tensor? initial) => network.ForwardPerStep(input, lengths, initial);

    public override Tensor LabelTensor(SequenceLabels labels, ReadOnlySpan<int> indices, Device device)
    {
        var (values, steps) = labels.Padded(indices, IgnoredStep, v => (long)v);
        return tensor(values, new long[] { indices.Length, steps }, device: device);   // -> (B, T), -100 past each end
    }

    public override Tensor AllLabelsTensor(SequenceLabels labels)
    {
        var values = new long[labels.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = (long)labels[i];
        return tensor(values);   // -> (N)
    }

    public override Tensor Loss(Tensor output, Tensor labels)
    {
        // output: (B, T, C) or (N, C); labels: (B, T) or (N) with -100 on padding.
        using var flatOutput = output.reshape(-1, _classes.Count);   // -> (B·T, C)
        using var flatLabels = labels.reshape(-1);                 // -> (B·T)
        return nn.functional.cross_entropy(flatOutput, flatLabels, ignore_index: IgnoredStep);
    }

    public override double Metric(ReadOnlySpan<float> outputs, SequenceLabels labels) => Logits.Accuracy(outputs, labels, _classes.Count);

    public override void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names)
    {
        builder.AddColumn(names.Score, new VectorDataViewType(NumberDataViewType.Single));
        var labelAnnotations = new DataViewSchema.Annotations.Builder();
        _classes.Values?.AddKeyValues(labelAnnotations);
        builder.AddColumn(names.PredictedLabel, new VectorDataViewType(new KeyDataViewType(typeof(uint), _classes.Count)), labelAnnotations.ToAnnotations());
    }

    public override IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names)
    {
        yield return MLNetInternals.CreateColumn(names.Score, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single, false);
        var keyValues = label?.Annotations.Where(c => c.Name == "KeyValues").ToArray() ?? Array.Empty<SchemaShape.Column>();
        yield return MLNetInternals.CreateColumn(names.PredictedLabel, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.UInt32, true,
            new SchemaShape(keyValues));
    }

    public override Delegate CreateGetter(int index, Func<ArraySegment<float>> currentOutputs) => index switch
    {
        0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var outputs = currentOutputs();
            var editor = VBufferEditor.Create(ref v, outputs.Count);
            for (int start = 0; start < outputs.Count; start += _classes.Count)
                Logits.Softmax(outputs.AsSpan(start, _classes.Count), editor.Values.Slice(start, _classes.Count));
            v = editor.Commit();
        }),
        _ => (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> v) =>
        {
            var outputs = currentOutputs();
            int steps = outputs.Count / _classes.Count;
            var editor = VBufferEditor.Create(ref v, steps);
            for (int t = 0; t < steps; t++)
                editor.Values[t] = (uint)Logits.ArgMax(outputs.AsSpan(t * _classes.Count, _classes.Count)) + 1;
            v = editor.Commit();
        }),
    };

    public override void Write(BinaryWriter writer) => _classes.Write(writer);

    protected override void ReadState(BinaryReader reader) => _classes = ClassKeys.Read(reader);
}
