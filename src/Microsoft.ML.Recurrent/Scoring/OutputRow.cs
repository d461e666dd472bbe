using System;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;

namespace Microsoft.ML.Recurrent.Scoring;

/// <summary>What the batching cursor and the one-row mapper share: which output columns are active, their getters over
/// the current row's raw outputs, and reading the current row's sequence (and initial state, when the model has one).</summary>
internal sealed class OutputRow
{
    private readonly RecurrentPredictionTransformer _transformer;
    private readonly DataViewSchema _outputSchema;
    private readonly int _inputColumnCount;
    private readonly Delegate?[] _getters;
    private readonly SequenceBuffer _single = new();
    private readonly SequenceBuffer _singleState = new();
    private float[] _alone = Array.Empty<float>();
    private DataViewRow? _aloneRow;
    private Action<SequenceBuffer, SequenceBuffer>? _aloneFeatures;

    public OutputRow(RecurrentPredictionTransformer transformer, DataViewSchema outputSchema, int inputColumnCount,
        Func<int, bool> isActive, Func<ArraySegment<float>> currentOutputs)
    {
        _transformer = transformer;
        _outputSchema = outputSchema;
        _inputColumnCount = inputColumnCount;
        _getters = new Delegate?[outputSchema.Count - inputColumnCount];
        for (int i = 0; i < _getters.Length; i++)
        {
            if (isActive(inputColumnCount + i))
                _getters[i] = transformer.Model.Task.CreateGetter(i, currentOutputs);
        }
    }

    /// <summary>Whether any output column is active (so the features must be read).</summary>
    public bool AnyActive => Array.Exists(_getters, g => g is not null);

    /// <summary>Whether <paramref name="index"/> is one of the added output columns.</summary>
    public bool IsOutput(int index) => index >= _inputColumnCount;

    /// <summary>The getter of an output column.</summary>
    public ValueGetter<T> GetGetter<T>(DataViewSchema.Column column)
    {
        var getter = _getters[column.Index - _inputColumnCount]
            ?? throw new InvalidOperationException($"Column '{column.Name}' is not active; request it when creating the cursor.");
        return getter as ValueGetter<T>
            ?? throw new InvalidOperationException($"Column '{column.Name}' has type {_outputSchema[column.Index].Type}; it cannot be read as {typeof(T).Name}.");
    }

    /// <summary>Scores the current row of <paramref name="row"/> on its own (a batch of one) into a reused array.</summary>
    /// <returns>The row's raw outputs, valid until the next call.</returns>
    public ArraySegment<float> ScoreAlone(DataViewRow row)
    {
        if (!ReferenceEquals(row, _aloneRow))
        {
            _aloneFeatures = CreateFeatureReader(row);
            _aloneRow = row;
        }

        _single.Clear();
        _singleState.Clear();
        _aloneFeatures!(_single, _singleState);
        int width = _transformer.Model.RowOutputWidth(_single[0].Length);
        if (_alone.Length < width)
            _alone = new float[width];
        _transformer.Model.PredictBatch(_single, HasState ? _singleState : null, 0, 1, _alone.AsSpan(0, width));
        return new ArraySegment<float>(_alone, 0, width);
    }

    /// <summary>Whether the model reads an initial state for each row.</summary>
    public bool HasState => _transformer.InitialState is not null;

    /// <summary>A reader that appends the sequence of the current row of <paramref name="row"/> to the first buffer and,
    /// when the model has an initial-state column, the row's state to the second.</summary>
    public Action<SequenceBuffer, SequenceBuffer> CreateFeatureReader(DataViewRow row)
    {
        var readState = _transformer.InitialState is Data.InitialStateColumn state
            ? state.CreateReader(row, state.Find(row.Schema, scoring: true))
            : null;
        var column = row.Schema[_transformer.FeatureColumnName];
        var getter = SequenceColumn.CreateGetter(row, column);
        var task = _transformer.Model.Task;
        VBuffer<float> buffer = default;
        return (rows, states) =>
        {
            getter(ref buffer);
            task.CheckRowLength(column.Name, row.Position, buffer.Length, _transformer.InputSize);
            rows.Add(buffer, column.Name, row.Position, _transformer.InputSize, scoring: true);
            if (readState is not null)
                states.Add(readState().Span);
        };
    }
}
