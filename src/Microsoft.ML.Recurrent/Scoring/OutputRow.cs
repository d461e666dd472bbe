using System;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;

namespace Microsoft.ML.Recurrent.Scoring;

/// <summary>What the batching cursor and the one-row mapper share: which output columns are active, their getters over
/// the current row's raw outputs, and reading the current row's sequence.</summary>
internal sealed class OutputRow
{
    private readonly RecurrentPredictionTransformer _transformer;
    private readonly DataViewSchema _outputSchema;
    private readonly int _inputColumnCount;
    private readonly Delegate?[] _getters;

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

    /// <summary>A reader that appends the sequence of the current row of <paramref name="row"/> to a buffer.</summary>
    public Action<SequenceBuffer> CreateFeatureReader(DataViewRow row)
    {
        var column = row.Schema[_transformer.FeatureColumnName];
        var getter = SequenceColumn.CreateGetter(row, column);
        bool oneInput = _transformer.Model.Task.RepeatSteps > 0;
        VBuffer<float> buffer = default;
        return rows =>
        {
            getter(ref buffer);
            if (oneInput && buffer.Length != _transformer.InputSize)
                throw new InvalidOperationException(ErrorMessages.OneToManyInput(column.Name, row.Position, buffer.Length, _transformer.InputSize));
            rows.Add(buffer, column.Name, row.Position, _transformer.InputSize, scoring: true);
        };
    }
}
