using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Reads a forecasting <see cref="IDataView"/> (one row per step) into series, checking every value.</summary>
internal static class SeriesReader
{
    /// <summary>The largest magnitude of a series value. Forecasts and bounds are the window's mean plus multiples of its
    /// standard deviation (network outputs, z times the residual spread): from values near Single's limit (3.4e38) they
    /// overflow to infinity, while below 1e30 they would need multiples above 3e8 to.</summary>
    public const float MaxMagnitude = 1e30f;

    /// <summary>Checks that every column the layout names exists with a usable type.</summary>
    public static void CheckSchema(DataViewSchema schema, SeriesLayout layout, bool scoring)
    {
        string when = scoring ? " in the data to forecast from" : "";
        Column(schema, layout.InputColumnName, "input", when);
        foreach (var c in layout.CovariateColumns)
            Column(schema, c, "covariate", when);
        if (layout.SeriesIdColumnName is string id && schema.GetColumnOrNull(id) is null)
            throw new ArgumentOutOfRangeException(nameof(schema), $"The series id column '{id}' was not found{when}; the data has the columns [{Names(schema)}]. Add it, or train without SeriesIdColumnName.");
    }

    /// <summary>Reads all rows, grouped by series in order of first appearance.</summary>
    public static List<TimeSeries> Read(IDataView data, SeriesLayout layout)
    {
        CheckSchema(data.Schema, layout, scoring: false);
        var series = new List<TimeSeries>();
        var byId = new Dictionary<string, TimeSeries>();
        using var cursor = data.GetRowCursor(Columns(data.Schema, layout));
        var reader = new RowReader(cursor, layout);
        TimeSeries? current = null;
        while (cursor.MoveNext())
        {
            // Rows of a series usually follow each other: look the id up only when it changes.
            string id = reader.ReadId();
            if (current is null || current.Id != id)
            {
                if (!byId.TryGetValue(id, out current))
                {
                    current = new TimeSeries(id);
                    if (layout.SeriesIdColumnName is null && data.GetRowCount() is long rows && rows <= int.MaxValue)
                        current.Values.Capacity = (int)rows;
                    byId.Add(id, current);
                    series.Add(current);
                }
            }

            current.Values.Add(reader.ReadValue());
            reader.ReadCovariates(current.Covariates);
        }

        if (series.Count == 0)
            throw new ArgumentException(ErrorMessages.NoRows("training data"));
        return series;
    }

    /// <summary>The columns to activate.</summary>
    public static IEnumerable<DataViewSchema.Column> Columns(DataViewSchema schema, SeriesLayout layout)
    {
        yield return schema[layout.InputColumnName];
        foreach (var c in layout.CovariateColumns)
            yield return schema[c];
        if (layout.SeriesIdColumnName is string id)
            yield return schema[id];
    }

    private static void Column(DataViewSchema schema, string name, string role, string when)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"The {role} column '{name}' was not found{when}; the data has the columns [{Names(schema)}]. " +
                (role == "covariate" ? "Covariates the model was trained with are needed at forecasting time too." : "Name the column holding the series."));
        if (column.Type != NumberDataViewType.Single)
        {
            throw new ArgumentException($"The {role} column '{name}' has type {ErrorMessages.Describe(column.Type)}; expected Single, one value per row (time step). " +
                $"Convert it with mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single).");
        }
    }

    private static string Names(DataViewSchema schema) => string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name));

    /// <summary>Reads the current row of a cursor: value, covariates and series id, checking they are finite.</summary>
    internal sealed class RowReader
    {
        private readonly DataViewRow _row;
        private readonly SeriesLayout _layout;
        private readonly ValueGetter<float> _value;
        private readonly ValueGetter<float>[] _covariates;
        private readonly string[] _covariateNames;
        private readonly Func<string> _id;
        private readonly string? _rowName;

        /// <param name="row">The cursor.</param>
        /// <param name="layout">The columns.</param>
        /// <param name="rowName">How messages name the row (e.g. "the observation"); null for "Row n".</param>
        public RowReader(DataViewRow row, SeriesLayout layout, string? rowName = null)
        {
            _row = row;
            _layout = layout;
            _rowName = rowName;
            _value = row.GetGetter<float>(row.Schema[layout.InputColumnName]);
            _covariateNames = layout.CovariateColumns.ToArray();
            _covariates = _covariateNames.Select(c => row.GetGetter<float>(row.Schema[c])).ToArray();
            _id = layout.SeriesIdColumnName is string idColumn ? IdReader(row, row.Schema[idColumn]) : () => "";
        }

        public string ReadId() => _id();

        public float ReadValue()
        {
            float v = 0;
            _value(ref v);
            if (!float.IsFinite(v))
            {
                throw new InvalidOperationException(
                    $"{Where(_layout.InputColumnName)} is {v.ToString(CultureInfo.InvariantCulture)}; the series must have a finite value at every step. " +
                    "Fill gaps first (e.g. interpolate, or mlContext.Transforms.ReplaceMissingValues) and keep one row per time step.");
            }

            if (Math.Abs(v) > MaxMagnitude)
            {
                throw new InvalidOperationException(
                    $"{Where(_layout.InputColumnName)} is {v.ToString(CultureInfo.InvariantCulture)}; forecasting takes values up to ±{MaxMagnitude.ToString(CultureInfo.InvariantCulture)} " +
                    "(beyond that, forecasts and their bounds can overflow Single to infinity). Express the series in larger units (divide it by a power of ten) and scale the forecasts back.");
            }

            return v;
        }

        /// <summary>"Row n of column 'c'", or the row's name.</summary>
        private string Where(string column)
            => _rowName is null ? $"Row {_row.Position} of column '{column}'" : $"Column '{column}' of {_rowName}";

        public void ReadCovariates(List<float> destination)
        {
            for (int i = 0; i < _covariates.Length; i++)
            {
                float v = 0;
                _covariates[i](ref v);
                if (!float.IsFinite(v))
                    throw new InvalidOperationException($"{Where(_covariateNames[i])} (a covariate) is {v.ToString(CultureInfo.InvariantCulture)}; expected a finite value at every step. Fill gaps first.");
                destination.Add(v);
            }
        }

        private static Func<string> IdReader(DataViewRow row, DataViewSchema.Column column)
        {
            var type = column.Type;
            if (type is TextDataViewType)
            {
                var g = row.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> v = default;
                return () => { g(ref v); return v.ToString(); };
            }

            if (type.RawType == typeof(float))
            {
                var g = row.GetGetter<float>(column);
                float v = 0;
                return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); };
            }

            if (type.RawType == typeof(double))
            {
                var g = row.GetGetter<double>(column);
                double v = 0;
                return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); };
            }

            if (type.RawType == typeof(int))
            {
                var g = row.GetGetter<int>(column);
                int v = 0;
                return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); };
            }

            if (type.RawType == typeof(long))
            {
                var g = row.GetGetter<long>(column);
                long v = 0;
                return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); };
            }

            if (type.RawType == typeof(uint))
            {
                var g = row.GetGetter<uint>(column);
                uint v = 0;
                return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); };
            }

            throw new ArgumentException($"The series id column '{column.Name}' has type {ErrorMessages.Describe(type)}; expected text, a number or a key.");
        }
    }
}
