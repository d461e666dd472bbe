using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Bridge;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>No prediction: the final hidden state of each sequence as a feature vector, or the last layer's state at
/// every step (the "Score" name is the encoding column's name). Only used for scoring a fitted network as a featurizer.</summary>
internal sealed class EncoderTask : PredictionTask
{
    private readonly bool _allStates;
    private int _size;
    private int _repeatSteps;

    /// <param name="size">Values per state (directions × hidden size).</param>
    /// <param name="allStates">Whether to output the state at every step (steps × size values) rather than the final one.</param>
    /// <param name="repeatSteps">For the encoder of a one-to-many model: the steps its single input is repeated over, as
    /// the model does; 0 when rows are sequences.</param>
    public EncoderTask(int size, bool allStates = false, int repeatSteps = 0)
    {
        _size = size;
        _allStates = allStates;
        _repeatSteps = repeatSteps;
    }

    public override int RepeatSteps => _repeatSteps;

    public override PredictionTaskKind Kind => _allStates ? PredictionTaskKind.EncoderAllStates : PredictionTaskKind.Encoder;

    public override bool PerStep => _allStates;

    public override int OutputSize => _size;

    public override string MetricName => "";

    public override bool HigherMetricIsBetter => false;

    public override void BindLabel(DataViewSchema.Column label) => throw NotForTraining();

    protected override Func<long, float> CreateScalarLabelReader(DataViewRow row, DataViewSchema.Column label) => throw NotForTraining();

    public override Tensor Forward(RecurrentNetwork network, Tensor input, Tensor lengths)
        => _allStates ? network.EncodeAll(input, lengths) : network.EncodeFinal(input, lengths);   // -> (B, T, K·H) or (B, K·H)

    public override Tensor LabelTensor(SequenceLabels labels, ReadOnlySpan<int> indices, Device device) => throw NotForTraining();

    public override Tensor Loss(Tensor output, Tensor labels) => throw NotForTraining();

    public override double Metric(ReadOnlySpan<float> outputs, SequenceLabels labels) => throw NotForTraining();

    public override void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names)
        => builder.AddColumn(names.Score, _allStates ? new VectorDataViewType(NumberDataViewType.Single) : new VectorDataViewType(NumberDataViewType.Single, _size));

    public override IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names)
    {
        yield return MLNetInternals.CreateColumn(names.Score,
            _allStates ? SchemaShape.Column.VectorKind.VariableVector : SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
    }

    public override Delegate CreateGetter(int index, Func<ArraySegment<float>> currentOutputs)
        => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var outputs = currentOutputs();
            var editor = VBufferEditor.Create(ref v, outputs.Count);
            outputs.AsSpan().CopyTo(editor.Values);
            v = editor.Commit();
        });

    /// <summary>Writes the size, preceded by the negated repeat count for the encoder of a one-to-many model (a
    /// negative first value, which files written before it never hold, so that they still read).</summary>
    public override void Write(BinaryWriter writer)
    {
        if (_repeatSteps > 0)
            writer.Write(-_repeatSteps);
        writer.Write(_size);
    }

    protected override void ReadState(BinaryReader reader)
    {
        int first = reader.ReadInt32();
        _repeatSteps = first < 0 ? Persistence.StoredCount.Check(-first, "repeated steps", 1) : 0;
        _size = first < 0 ? reader.ReadInt32() : first;
        if (_size <= 0)
            throw new InvalidDataException($"the stored encoding size {_size} is not positive");
    }

    private static InvalidOperationException NotForTraining() => new("An encoder is made from a fitted model; it is not trained on its own.");
}
