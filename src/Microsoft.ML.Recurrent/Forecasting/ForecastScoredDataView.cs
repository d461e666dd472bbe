using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>
/// The result of <see cref="RecurrentForecastingTransformer.Transform"/>. The first cursor that reads an output column
/// reads the input series once and forecasts every row in batches (a forecast depends on the rows before it, and known
/// future covariates on the rows after it); the results are kept for later cursors.
/// </summary>
internal sealed class ForecastScoredDataView : IDataView
{
    private readonly RecurrentForecastingTransformer _transformer;
    private readonly IDataView _input;
    private readonly Lazy<float[][]> _outputs;

    public ForecastScoredDataView(RecurrentForecastingTransformer transformer, IDataView input, DataViewSchema schema)
    {
        _transformer = transformer;
        _input = input;
        Schema = schema;
        _outputs = new Lazy<float[][]>(Compute);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    /// <summary>Forecast (and bounds) per row: [output][row·H + h].</summary>
    private float[][] Compute()
    {
        var model = _transformer.Model;
        var layout = model.Layout;
        int h = layout.Horizon;
        var series = new List<TimeSeries>();
        var byId = new Dictionary<string, TimeSeries>();
        var index = new Dictionary<string, int>();
        var rowSeries = new List<(int Series, int Step)>();
        using (var cursor = _input.GetRowCursor(SeriesReader.Columns(_input.Schema, layout)))
        {
            var reader = new SeriesReader.RowReader(cursor, layout);
            while (cursor.MoveNext())
            {
                string id = reader.ReadId();
                if (!byId.TryGetValue(id, out var s))
                {
                    s = new TimeSeries(id);
                    byId.Add(id, s);
                    index.Add(id, series.Count);
                    series.Add(s);
                }

                rowSeries.Add((index[id], s.Length));
                s.Values.Add(reader.ReadValue());
                reader.ReadCovariates(s.Covariates);
            }
        }

        int outputs = _transformer.Outputs.HasBounds ? 3 : 1;
        var result = new float[outputs][];
        for (int o = 0; o < outputs; o++)
        {
            result[o] = new float[rowSeries.Count * h];
            Array.Fill(result[o], float.NaN);
        }

        // Rows whose window is complete (and whose known-future covariates are all there) are forecast, a batch at a time.
        var rows = new List<int>();
        var refs = new List<ForecastWindows.Ref>();
        var windows = new SeriesWindows(series, layout, refs);
        bool needsFuture = model.Inputs.FutureSteps > 0;   // every forecast step's known-future covariates
        for (int r = 0; r < rowSeries.Count; r++)
        {
            var (s, step) = rowSeries[r];
            if (step < layout.WindowSize - 1 || (needsFuture && step + h >= series[s].Length))
                continue;
            rows.Add(r);
            refs.Add(new ForecastWindows.Ref(s, step));
            if (refs.Count == model.ScoringBatchSize * 8)
                Flush(rows, refs, windows, result);
        }

        Flush(rows, refs, windows, result);
        return result;
    }

    private void Flush(List<int> rows, List<ForecastWindows.Ref> refs, SeriesWindows windows, float[][] result)
    {
        if (rows.Count == 0)
            return;
        var model = _transformer.Model;
        int h = model.Layout.Horizon;
        var forecast = model.Forecast(windows, h);
        float[]? lower = null, upper = null;
        if (result.Length == 3)
            (lower, upper) = model.Bounds(windows, forecast, h, _transformer.ConfidenceLevel);
        for (int i = 0; i < rows.Count; i++)
        {
            Array.Copy(forecast, i * h, result[0], rows[i] * h, h);
            if (lower is not null)
            {
                Array.Copy(lower, i * h, result[1], rows[i] * h, h);
                Array.Copy(upper!, i * h, result[2], rows[i] * h, h);
            }
        }

        rows.Clear();
        refs.Clear();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ForecastScoredDataView _view;
        private readonly DataViewRowCursor _main;
        private readonly HashSet<int> _active;
        private readonly int _inputCount;

        public Cursor(ForecastScoredDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _inputCount = view._input.Schema.Count;
            _main = view._input.GetRowCursor(view._input.Schema.Where(c => active.Contains(c.Index)));
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _main.Position;

        public override long Batch => _main.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override bool MoveNext() => _main.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _inputCount)
                return _main.GetGetter<TValue>(_view._input.Schema[column.Index]);
            int output = column.Index - _inputCount;
            int h = _view._transformer.Horizon;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                var all = _view._outputs.Value[output];
                var editor = VBufferEditor.Create(ref value, h);
                all.AsSpan((int)_main.Position * h, h).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is a vector of {h} Single values; it cannot be read as {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _main.Dispose();
            base.Dispose(disposing);
        }
    }
}
