using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Bridge;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>No prediction: the final hidden state of each sequence as a feature vector, the last layer's state at
/// every step, or the complete final state of every layer (the "Score" name is the encoding column's name). Only used for
/// scoring a fitted network as a featurizer.</summary>
internal sealed class EncoderTask : PredictionTask
{
    private readonly EncoderOutput _output;
    private readonly bool _allStates;
    private int _size;
    private int _repeatSteps;

    /// <param name="size">Values per state (directions × hidden size; the complete state size for <see cref="EncoderOutput.FullState"/>).</param>
    /// <param name="output">What is output: the final state of the last layer, its state at every step (steps × size
    /// values), or the complete final state.</param>
    /// <param name="repeatSteps">For the encoder of a one-to-many model: the steps its single input is repeated over, as
    /// the model does; 0 when rows are sequences.</param>
    public EncoderTask(int size, EncoderOutput output = EncoderOutput.LastLayer, int repeatSteps = 0)
    {
        _size = size;
        _output = output;
        _allStates = output == EncoderOutput.AllSteps;
        _repeatSteps = repeatSteps;
    }

    public override int RepeatSteps => _repeatSteps;

    /// <summary>What the encoder outputs.</summary>
    public EncoderOutput Output => _output;

    public override PredictionTaskKind Kind => _output switch
    {
        EncoderOutput.AllSteps => PredictionTaskKind.EncoderAllStates,
        EncoderOutput.FullState => PredictionTaskKind.EncoderFullState,
        _ => PredictionTaskKind.Encoder,
    };

    public override bool PerStep => _allStates;

    public override int OutputSize => _size;

    public override string MetricName => "";

    public override bool HigherMetricIsBetter => false;

    public override void BindLabel(DataViewSchema.Column label) => throw NotForTraining();

    protected override Func<long, float> CreateScalarLabelReader(DataViewRow row, DataViewSchema.Column label) => throw NotForTraining();

    public override Tensor Forward(RecurrentNetwork network, Tensor input, Tensor lengths, Tensor? initial) => _output switch
    {
        EncoderOutput.AllSteps => network.EncodeAll(input, lengths, initial),      // -> (B, T, K·H)
        EncoderOutput.FullState => network.EncodeState(input, lengths, initial),   // -> (B, S)
        _ => network.EncodeFinal(input, lengths, initial),                         // -> (B, K·H)
    };

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
