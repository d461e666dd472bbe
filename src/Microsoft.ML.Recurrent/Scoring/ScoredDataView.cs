using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Recurrent.Scoring;

/// <summary>The lazy result of <see cref="RecurrentPredictionTransformer.Transform"/>: rows are scored in batches as a cursor reaches them.</summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly RecurrentPredictionTransformer _transformer;
    private readonly IDataView _input;

    public ScoredDataView(RecurrentPredictionTransformer transformer, IDataView input, DataViewSchema schema)
    {
        _transformer = transformer;
        _input = input;
        Schema = schema;
    }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new ScoringCursor(_transformer, _input, Schema, columnsNeeded.Select(c => c.Index).ToHashSet(), rand?.Next());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };
}
