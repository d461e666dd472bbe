using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;

namespace Microsoft.ML.Recurrent.Scoring;

/// <summary>Scores one row at a time, for <c>PredictionEngine</c>: a batch of one, computed once per row, reading the
/// row into a reused buffer and the outputs into a reused array.</summary>
internal sealed class RecurrentRowMapper : IRowToRowMapper
{
    private readonly RecurrentPredictionTransformer _transformer;

    public RecurrentRowMapper(RecurrentPredictionTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema)
    {
        _transformer = transformer;
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        bool needsFeatures = dependingColumns.Any(c => c.Index >= InputSchema.Count);
        var inputs = dependingColumns.Where(c => c.Index < InputSchema.Count).Select(c => InputSchema[c.Index]).ToList();
        if (needsFeatures)
            inputs.AddRange(_transformer.ScoredInputs(InputSchema));
        return inputs.Distinct();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        => new MappedRow(_transformer, input, OutputSchema, activeColumns.Select(c => c.Index).ToHashSet());

    private sealed class MappedRow : DataViewRow
    {
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly OutputRow _outputs;
        private ArraySegment<float> _current;
        private long _position = -1;

        public MappedRow(RecurrentPredictionTransformer transformer, DataViewRow input, DataViewSchema schema, HashSet<int> active)
        {
            _input = input;
            _active = active;
            Schema = schema;
            _outputs = new OutputRow(transformer, schema, input.Schema.Count, active.Contains, Current);
        }

        public override DataViewSchema Schema { get; }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => _outputs.IsOutput(column.Index) ? _outputs.GetGetter<TValue>(column) : _input.GetGetter<TValue>(_input.Schema[column.Index]);

        private ArraySegment<float> Current()
        {
            // PredictionEngine reuses one input row whose Position stays -1; recompute on every call in that case.
            if (_input.Position >= 0 && _input.Position == _position)
                return _current;
            _current = _outputs.ScoreAlone(_input);
            _position = _input.Position;
            return _current;
        }
    }
}
