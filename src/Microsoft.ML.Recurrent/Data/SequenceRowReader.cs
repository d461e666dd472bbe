using System;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>
/// Reads the sequence and the label of a cursor's current row into reused buffers, checking every value: the
/// sequence's length and finiteness, the label's values, and (per-step tasks) one label per step.
/// </summary>
internal sealed class SequenceRowReader
{
    private readonly DataViewRowCursor _cursor;
    private readonly DataViewSchema.Column _feature;
    private readonly DataViewSchema.Column _label;
    private readonly int _inputSize;
    private readonly PredictionTask _task;
    private readonly ValueGetter<VBuffer<float>> _getFeatures;
    private readonly Action<long, SequenceLabels> _getLabel;
    private readonly Func<ReadOnlyMemory<float>>? _getState;
    private ReadOnlyMemory<float> _state;
    private VBuffer<float> _buffer;
    private float[] _values = Array.Empty<float>();

    private SequenceRowReader(DataViewRowCursor cursor, DataViewSchema.Column feature, DataViewSchema.Column label, int inputSize, PredictionTask task,
        InitialStateColumn? state, DataViewSchema.Column? stateColumn)
    {
        _cursor = cursor;
        _feature = feature;
        _label = label;
        _inputSize = inputSize;
        _task = task;
        _getFeatures = SequenceColumn.CreateGetter(cursor, feature);
        _getLabel = task.CreateLabelReader(cursor, label);
        if (state is not null)
            _getState = state.CreateReader(cursor, stateColumn!.Value);
    }

    /// <summary>The cursor the rows come from.</summary>
    public DataViewRowCursor Cursor => _cursor;

    /// <summary>Whether rows have an initial state (the options name an initial-state column).</summary>
    public bool HasState => _getState is not null;

    /// <summary>The current row's initial state, read by <see cref="Read"/> (valid until the next call); empty without one.</summary>
    public ReadOnlySpan<float> State => _state.Span;

    /// <summary>Checks the feature and label columns of <paramref name="data"/> and opens a cursor over them.</summary>
    /// <param name="data">The data.</param>
    /// <param name="options">Column names and input size.</param>
    /// <param name="task">Reads and checks the labels.</param>
    /// <param name="random">Shuffles the cursor when the data can shuffle; null keeps the data's order.</param>
    public static SequenceRowReader Open(IDataView data, RecurrentSupervisedOptions options, PredictionTask task, Random? random = null)
    {
        var feature = SequenceColumn.Find(data.Schema, options.FeatureColumnName, options.InputSize);
        var label = data.Schema.GetColumnOrNull(options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(options), ErrorMessages.MissingColumn("Label", options.LabelColumnName, data.Schema));
        var state = InitialStateColumn.Of(options);
        var stateColumn = state?.Find(data.Schema, scoring: false);
        var columns = stateColumn is DataViewSchema.Column s ? new[] { feature, label, s } : new[] { feature, label };
        var cursor = data.GetRowCursor(columns, random);
        return new SequenceRowReader(cursor, feature, label, options.InputSize, task, state, stateColumn);
    }

    /// <summary>Reads the current row: returns its sequence (valid until the next call) and appends its label to
    /// <paramref name="labels"/>.</summary>
    public ReadOnlySpan<float> Read(SequenceLabels labels)
    {
        long position = _cursor.Position;
        _getFeatures(ref _buffer);
        int length = SequenceColumn.CheckedLength(_buffer, _feature.Name, position, _inputSize, scoring: false);
        ReadOnlySpan<float> sequence;
        if (_buffer.IsDense)
        {
            sequence = _buffer.GetValues();   // the getter's own memory: no copy
        }
        else
        {
            if (_values.Length < length)
                _values = new float[Math.Max(length, _values.Length * 2)];
            _buffer.CopyTo(_values.AsSpan(0, length));
            sequence = _values.AsSpan(0, length);
        }

        SequenceColumn.CheckFinite(sequence, _feature.Name, position, _inputSize);
        _task.CheckRowLength(_feature.Name, position, length, _inputSize);

        if (_getState is not null)
            _state = _getState();
        _getLabel(position, labels);
        if (_task.PerStep)
        {
            int steps = _task.StepsOf(length, _inputSize);
            int labelSteps = labels.Length(labels.Rows - 1);
            if (labelSteps != steps)
                throw new InvalidOperationException(ErrorMessages.LabelSteps(_label.Name, position, labelSteps, _feature.Name, steps, _inputSize));
        }

        return sequence;
    }
}
