using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;

namespace Microsoft.ML.Recurrent.Scoring;

/// <summary>
/// Passes the input's columns through and scores the sequence column a batch at a time: a second cursor over the
/// same input reads ahead the next <c>BatchSize</c> sequences, which go through the network in one forward pass.
/// Row ids are compared, so a row whose read-ahead does not match is scored on its own. This relies on ML.NET's
/// contract that a data view gives the same rows to every cursor: a source that can be read only once breaks it (the
/// README says to cache such a source first).
/// </summary>
internal sealed class ScoringCursor : DataViewRowCursor
{
    private readonly RecurrentPredictionTransformer _transformer;
    private readonly IDataView _input;
    private readonly DataViewRowCursor _main;
    private readonly OutputRow _outputs;
    private readonly int? _seed;
    private readonly List<int> _batchOffsets = new() { 0 };
    private readonly SequenceBuffer _batchRows = new();
    private readonly SequenceBuffer _batchStates = new();
    private readonly List<DataViewRowId> _batchIds = new();
    private float[] _batchOutputs = Array.Empty<float>();
    private ArraySegment<float> _current;
    private DataViewRowCursor? _ahead;
    private ValueGetter<DataViewRowId>? _aheadId;
    private Action<SequenceBuffer, SequenceBuffer>? _aheadFeatures;
    private ValueGetter<DataViewRowId>? _mainId;
    private long _aheadPosition = -1;
    private long _batchStart = -1;
    private long _currentPosition = -1;

    public ScoringCursor(RecurrentPredictionTransformer transformer, IDataView input, DataViewSchema schema, HashSet<int> active, int? seed)
    {
        _transformer = transformer;
        _input = input;
        _seed = seed;
        Schema = schema;
        int inputCount = input.Schema.Count;
        _outputs = new OutputRow(transformer, schema, inputCount, active.Contains, CurrentOutputs);
        var inputActive = input.Schema.Where(c => active.Contains(c.Index)).ToList();
        if (_outputs.AnyActive)
            inputActive.AddRange(transformer.ScoredInputs(input.Schema));
        _main = input.GetRowCursor(inputActive.Distinct(), NewRandom());
        _active = active;
    }

    private readonly HashSet<int> _active;

    public override DataViewSchema Schema { get; }

    public override long Position => _main.Position;

    public override long Batch => _main.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        => _outputs.IsOutput(column.Index) ? _outputs.GetGetter<TValue>(column) : _main.GetGetter<TValue>(_input.Schema[column.Index]);

    public override bool MoveNext() => _main.MoveNext();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _main.Dispose();
            _ahead?.Dispose();
        }

        base.Dispose(disposing);
    }

    private Random? NewRandom() => _seed is int s ? new Random(s) : null;

    private ArraySegment<float> CurrentOutputs()
    {
        long position = _main.Position;
        if (position == _currentPosition)
            return _current;
        if (position < _batchStart || position >= _batchStart + _batchIds.Count)
            FillBatch(position);

        int offset = (int)(position - _batchStart);
        _mainId ??= _main.GetIdGetter();
        DataViewRowId id = default;
        _mainId(ref id);
        // The batch's outputs are read in place (they stay until the cursor leaves the batch); a row the read-ahead
        // cursor did not see at this position is scored alone.
        _current = offset < _batchIds.Count && _batchIds[offset].Equals(id)
            ? new ArraySegment<float>(_batchOutputs, _batchOffsets[offset], _batchOffsets[offset + 1] - _batchOffsets[offset])
            : _outputs.ScoreAlone(_main);
        _currentPosition = position;
        return _current;
    }

    private void FillBatch(long position)
    {
        if (_ahead is null)
        {
            _ahead = _input.GetRowCursor(_transformer.ScoredInputs(_input.Schema), NewRandom());
            _aheadId = _ahead.GetIdGetter();
            _aheadFeatures = _outputs.CreateFeatureReader(_ahead);
        }

        _batchRows.Clear();
        _batchStates.Clear();
        _batchIds.Clear();
        _batchOffsets.RemoveRange(1, _batchOffsets.Count - 1);
        _batchStart = position;
        if (_aheadPosition > position)
            return;   // rows never go backwards; an out-of-order request is scored alone
        while (_aheadPosition < position - 1 && _ahead.MoveNext())
            _aheadPosition = _ahead.Position;

        int batchSize = _transformer.Model.BatchSize;
        DataViewRowId id = default;
        while (_batchRows.Count < batchSize && _ahead.MoveNext())
        {
            _aheadPosition = _ahead.Position;
            _aheadId!(ref id);
            _batchIds.Add(id);
            _aheadFeatures!(_batchRows, _batchStates);
            _batchOffsets.Add(_batchOffsets[^1] + _transformer.Model.RowOutputWidth(_batchRows[_batchRows.Count - 1].Length));
        }

        if (_batchOutputs.Length < _batchOffsets[^1])
            _batchOutputs = new float[Math.Max(_batchOffsets[^1], _batchOutputs.Length * 2)];
        if (_batchRows.Count > 0)
            _transformer.Model.Predict(_batchRows, _outputs.HasState ? _batchStates : null, _batchOutputs.AsSpan(0, _batchOffsets[^1]));
    }
}
