using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Forecasting;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Forecasts one observation at a time, like ML.NET's <c>TimeSeriesPredictionEngine</c>: <see cref="Predict()"/> forecasts
/// what follows the data seen so far, <see cref="Predict(TSrc, int?, float?)"/> first takes in a new observation, and
/// <see cref="CheckPoint"/> saves the model with the updated state. Each engine has its own state.
/// </summary>
/// <typeparam name="TSrc">A class with the input column (and covariates, series id) as members.</typeparam>
/// <typeparam name="TDst">A class with <c>float[]</c> members named after the forecast and bound columns.</typeparam>
public sealed class RecurrentForecastEngine<TSrc, TDst>
    where TSrc : class
    where TDst : class, new()
{
    private readonly MLContext _mlContext;
    private readonly ITransformer[] _chain;
    private readonly int _forecasterIndex;
    private readonly RecurrentForecastingTransformer _forecaster;
    private readonly Dictionary<string, SeriesState> _state;
    private readonly Action<TDst, float[]>[] _setters;

    internal RecurrentForecastEngine(MLContext mlContext, ITransformer[] chain, int forecasterIndex)
    {
        _mlContext = mlContext;
        _chain = chain;
        _forecasterIndex = forecasterIndex;
        _forecaster = (RecurrentForecastingTransformer)chain[forecasterIndex];
        _state = _forecaster.State.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        _setters = _forecaster.Outputs.Names.Select(Setter).ToArray();
    }

    /// <summary>Forecasts the next <c>Horizon</c> steps of the model's only series.</summary>
    public TDst Predict() => Predict(horizon: null, confidenceLevel: null);

    /// <summary>Forecasts the only series with another horizon (up to the trained one for direct models) or level.</summary>
    /// <param name="horizon">Steps to forecast; null for the trained horizon.</param>
    /// <param name="confidenceLevel">Coverage of the bounds; null for the trained level.</param>
    public TDst Predict(int? horizon, float? confidenceLevel)
    {
        var (h, level) = Check(horizon, confidenceLevel);
        if (_state.Count != 1)
            throw new InvalidOperationException($"This model knows {_state.Count} series; name one with PredictSeries(seriesId), or pass an observation of it to Predict(example).");
        return Forecast(_state.Values.Single(), null, h, level);
    }

    /// <summary>Takes in one new observation (of the series its id names), then forecasts that series. The observation
    /// is taken in only when the forecast succeeds: a call that throws leaves the engine as it was, except while the
    /// series has fewer than <c>WindowSize</c> observations, when it is taken in and the exception says how many more
    /// are needed.</summary>
    /// <remarks>A direct model with known-future covariates needs their next values: use
    /// <see cref="PredictWithFuture(TSrc, IEnumerable{TSrc}, int?, float?)"/> instead.</remarks>
    /// <param name="example">The observation: the next step of its series.</param>
    /// <param name="horizon">Steps to forecast; null for the trained horizon.</param>
    /// <param name="confidenceLevel">Coverage of the bounds; null for the trained level.</param>
    public TDst Predict(TSrc example, int? horizon = null, float? confidenceLevel = null)
    {
        ArgumentNullException.ThrowIfNull(example);
        var (h, level) = Check(horizon, confidenceLevel);
        var layout = _forecaster.Model.Layout;
        if (layout.FutureCovariates.Count > 0 && layout.Strategy == ForecastStrategy.Direct)
        {
            throw new InvalidOperationException(
                $"This model forecasts with the known-future covariates [{string.Join(", ", layout.FutureCovariates)}] and needs their values for the next {layout.Horizon} steps, " +
                $"which Predict(example) does not take; the observation was not taken in. Call PredictWithFuture(example, future) with the observation and the next {layout.Horizon} rows " +
                "(their covariates set; their values are ignored).");
        }

        var (id, value, covariates) = Read(example);
        return TakeIn(id, value, covariates, null, h, level);
    }

    /// <summary>Forecasts series <paramref name="seriesId"/> (as written in the series id column).</summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="horizon">Steps to forecast; null for the trained horizon.</param>
    /// <param name="confidenceLevel">Coverage of the bounds; null for the trained level.</param>
    public TDst PredictSeries(string seriesId, int? horizon = null, float? confidenceLevel = null)
    {
        var (h, level) = Check(horizon, confidenceLevel);
        return Forecast(Find(seriesId), null, h, level);
    }

    /// <summary>Forecasts a series whose model uses known-future covariates: <paramref name="future"/> holds the next
    /// steps' rows (their values are ignored and may be NaN, their known-future covariates used).</summary>
    /// <param name="future">The rows of the steps to forecast, in order.</param>
    public TDst PredictWithFuture(IEnumerable<TSrc> future) => PredictWithFuture(future, seriesId: null);

    /// <summary>Forecasts series <paramref name="seriesId"/> of a model that uses known-future covariates:
    /// <paramref name="future"/> holds the next steps' rows (their values are ignored and may be NaN, their known-future
    /// covariates used).</summary>
    /// <param name="future">The rows of the steps to forecast, in order.</param>
    /// <param name="seriesId">The series, or null for the only one.</param>
    public TDst PredictWithFuture(IEnumerable<TSrc> future, string? seriesId)
    {
        ArgumentNullException.ThrowIfNull(future);
        SeriesState state;
        if (seriesId is not null)
        {
            state = Find(seriesId);
        }
        else if (_state.Count == 1)
        {
            state = _state.Values.Single();
        }
        else
        {
            throw new InvalidOperationException(
                $"This model knows {_state.Count} series ({Known()}); name the one to forecast with PredictWithFuture(future, seriesId), " +
                "or pass an observation of it to PredictWithFuture(example, future).");
        }

        var (h, level) = Check(null, null);
        return Forecast(state, ReadFuture(future), h, level);
    }

    /// <summary>Takes in one new observation (of the series its id names), then forecasts that series with the
    /// known-future covariates of <paramref name="future"/>: what <see cref="Predict(TSrc, int?, float?)"/> does for
    /// models without them. The observation is taken in only when the forecast succeeds (or while the series is still
    /// filling its window, as for <see cref="Predict(TSrc, int?, float?)"/>).</summary>
    /// <param name="example">The observation: the next step of its series.</param>
    /// <param name="future">The rows of the steps after <paramref name="example"/>, in order (at least the trained
    /// <c>Horizon</c> for a direct model): their known-future covariates are used; their values are ignored and may be NaN.</param>
    /// <param name="horizon">Steps to forecast (up to the trained one for direct models); null for the trained horizon.</param>
    /// <param name="confidenceLevel">Coverage of the bounds; null for the trained level.</param>
    public TDst PredictWithFuture(TSrc example, IEnumerable<TSrc> future, int? horizon = null, float? confidenceLevel = null)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(future);
        var (h, level) = Check(horizon, confidenceLevel);
        var (id, value, covariates) = Read(example);
        return TakeIn(id, value, covariates, ReadFuture(future), h, level);
    }

    /// <summary>Saves the model with this engine's state to <paramref name="modelPath"/>, so that
    /// <c>mlContext.Model.Load</c> of that file continues from here. The file is replaced only once fully written.</summary>
    /// <param name="mlContext">The context to save with.</param>
    /// <param name="modelPath">Where to write.</param>
    public void CheckPoint(MLContext mlContext, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var chain = (ITransformer[])_chain.Clone();
        chain[_forecasterIndex] = _forecaster.WithState(_state);
        ITransformer model = chain.Length == 1 ? chain[0] : new TransformerChain<ITransformer>(chain);
        var schema = mlContext.Data.LoadFromEnumerable(Array.Empty<TSrc>()).Schema;
        string? folder = Path.GetDirectoryName(Path.GetFullPath(modelPath));
        if (folder is not null && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot save the checkpoint to '{modelPath}': the folder '{folder}' does not exist. Create it first.");
        var temporary = modelPath + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            mlContext.Model.Save(model, schema, temporary);
            File.Move(temporary, modelPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>The horizon and level to forecast with, checked before anything changes.</summary>
    private (int Horizon, float Level) Check(int? horizon, float? confidenceLevel)
    {
        int h = horizon ?? _forecaster.Model.Layout.Horizon;
        if (h <= 0)
            throw new ArgumentOutOfRangeException(nameof(horizon), string.Create(CultureInfo.InvariantCulture, $"The horizon must be a positive number of steps, got {h}."));
        _forecaster.Model.CheckHorizon(h);
        float level = confidenceLevel ?? _forecaster.ConfidenceLevel;
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), $"The confidence level must be in (0, 1), got {OptionsValidator.Format(level)}.");
        return (h, level);
    }

    /// <summary>Forecasts series <paramref name="id"/> after one more observation; the engine keeps the moved window
    /// only when the forecast succeeds.</summary>
    private TDst TakeIn(string id, float value, float[] covariates, float[]? future, int horizon, float level)
    {
        var next = Find(id).Clone();
        next.Append(value, covariates);
        if (next.Count < next.Values.Length)
        {
            // Not a failed call but a series still filling its window: keep the observation, or it could never fill.
            _state[id] = next;
            throw new InvalidOperationException(
                $"Series '{id}' now has {next.Count} observations (this one was taken in); a forecast needs the last WindowSize = {next.Values.Length}. " +
                $"Feed {next.Values.Length - next.Count} more with Predict(example) before forecasting it.");
        }

        var result = Forecast(next, future, horizon, level);
        _state[id] = next;
        return result;
    }

    private TDst Forecast(SeriesState state, float[]? future, int horizon, float level)
    {
        var model = _forecaster.Model;
        var layout = model.Layout;
        int f = layout.FutureCovariates.Count;
        int given = future is null || f == 0 ? 0 : future.Length / f;
        // A recursive model takes each forecast step's own known-future covariates (one saved before it did takes those
        // of the steps before: its windows end there); holding the last ones silently gave forecasts from stale values.
        int needed = model.Inputs.FutureSteps > 0 ? horizon : horizon - 1;
        if (f > 0 && layout.Strategy == ForecastStrategy.Recursive && given < needed)
        {
            throw new InvalidOperationException(
                $"This recursive model uses the known-future covariates [{string.Join(", ", layout.FutureCovariates)}]: forecasting {horizon} step{(horizon == 1 ? "" : "s")} needs their values for the next {needed}, " +
                $"but {given} future row{(given == 1 ? " was" : "s were")} given. Call PredictWithFuture with one row per step to forecast.");
        }

        var windows = new ForecastWindowList(new[] { state.Window(future) }, model.Layout);
        var forecast = model.Forecast(windows, horizon);
        var result = new TDst();
        _setters[0](result, forecast);
        if (_setters.Length == 3)
        {
            var (lower, upper) = model.Bounds(windows, forecast, horizon, level);
            _setters[1](result, lower);
            _setters[2](result, upper);
        }

        return result;
    }

    private SeriesState Find(string id)
        => _state.TryGetValue(id, out var s) ? s
            : throw new ArgumentOutOfRangeException(nameof(id), $"Series '{id}' is unknown to this model; it knows {_state.Count} series ({Known()}). Train with every series you want to forecast.");

    /// <summary>The first few series ids, quoted.</summary>
    private string Known() => $"{string.Join(", ", _state.Keys.Take(5).Select(k => $"'{k}'"))}{(_state.Count > 5 ? ", …" : "")}";

    /// <summary>The chain's transforms before the forecaster applied to <paramref name="rows"/>, checked against the layout.</summary>
    private IDataView Prepare(IEnumerable<TSrc> rows)
    {
        IDataView data = _mlContext.Data.LoadFromEnumerable(rows);
        for (int i = 0; i < _forecasterIndex; i++)
            data = _chain[i].Transform(data);
        SeriesReader.CheckSchema(data.Schema, _forecaster.Model.Layout, scoring: true);
        return data;
    }

    /// <summary>The known-future covariates of the rows of <paramref name="future"/>, F per row. Their values (and
    /// past-observed covariates) are unknown by definition and not read.</summary>
    private float[] ReadFuture(IEnumerable<TSrc> future)
    {
        var layout = _forecaster.Model.Layout;
        var rows = future.ToList();
        int missing = rows.FindIndex(r => r is null);
        if (missing >= 0)
            throw new ArgumentException($"Future row {missing} is null; expected one row per step to forecast, in order.", nameof(future));
        var names = layout.FutureCovariates;
        var result = new float[rows.Count * names.Count];
        if (names.Count == 0 || rows.Count == 0)
            return result;
        var data = Prepare(rows);
        var columns = names.Select(n => data.Schema[n]).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<float>(c)).ToArray();
        int row = 0;
        while (row < rows.Count && cursor.MoveNext())
        {
            for (int j = 0; j < getters.Length; j++)
            {
                float v = 0;
                getters[j](ref v);
                if (!float.IsFinite(v))
                {
                    throw new ArgumentException(
                        $"Future row {row} of the known-future covariate column '{names[j]}' is {v.ToString(CultureInfo.InvariantCulture)}; expected a finite value: the model uses it to forecast that step. " +
                        $"Set '{names[j]}' in every future row (their '{layout.InputColumnName}' values are ignored and may be NaN).", nameof(future));
                }

                result[row * names.Count + j] = v;
            }

            row++;
        }

        return row == rows.Count ? result : result.AsSpan(0, row * names.Count).ToArray();
    }

    private (string Id, float Value, float[] Covariates) Read(TSrc example)
    {
        var data = Prepare(new[] { example });
        var layout = _forecaster.Model.Layout;
        using var cursor = data.GetRowCursor(SeriesReader.Columns(data.Schema, layout));
        cursor.MoveNext();
        var reader = new SeriesReader.RowReader(cursor, layout, rowName: "the observation");
        var covariates = new List<float>();
        string id = reader.ReadId();
        float value = reader.ReadValue();
        reader.ReadCovariates(covariates);
        return (id, value, covariates.ToArray());
    }

    private static Action<TDst, float[]> Setter(string column)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public;
        foreach (var property in typeof(TDst).GetProperties(flags))
        {
            if (Named(property, column) && property.PropertyType == typeof(float[]) && property.CanWrite)
                return (target, value) => property.SetValue(target, value);
        }

        foreach (var field in typeof(TDst).GetFields(flags))
        {
            if (Named(field, column) && field.FieldType == typeof(float[]))
                return (target, value) => field.SetValue(target, value);
        }

        throw new ArgumentException($"{typeof(TDst).Name} has no writable float[] member for the column '{column}'; add one named {column} or marked [ColumnName(\"{column}\")].");
    }

    private static bool Named(MemberInfo member, string column)
        => (member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute))?.ConstructorArguments[0].Value as string
            ?? member.Name) == column;
}
