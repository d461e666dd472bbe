using System;
using System.Collections.Generic;
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
        if (_state.Count != 1)
            throw new InvalidOperationException($"This model knows {_state.Count} series; name one with PredictSeries(seriesId), or pass an observation of it to Predict(example).");
        return Forecast(_state.Values.Single(), null, horizon, confidenceLevel);
    }

    /// <summary>Takes in one new observation (of the series its id names), then forecasts that series.</summary>
    /// <param name="example">The observation: the next step of its series.</param>
    /// <param name="horizon">Steps to forecast; null for the trained horizon.</param>
    /// <param name="confidenceLevel">Coverage of the bounds; null for the trained level.</param>
    public TDst Predict(TSrc example, int? horizon = null, float? confidenceLevel = null)
    {
        ArgumentNullException.ThrowIfNull(example);
        var (id, value, covariates) = Read(example);
        var state = Find(id);
        state.Append(value, covariates);
        return Forecast(state, null, horizon, confidenceLevel);
    }

    /// <summary>Forecasts series <paramref name="seriesId"/> (as written in the series id column).</summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="horizon">Steps to forecast; null for the trained horizon.</param>
    /// <param name="confidenceLevel">Coverage of the bounds; null for the trained level.</param>
    public TDst PredictSeries(string seriesId, int? horizon = null, float? confidenceLevel = null)
        => Forecast(Find(seriesId), null, horizon, confidenceLevel);

    /// <summary>Forecasts a series whose model uses known-future covariates: <paramref name="future"/> holds the next
    /// steps' rows (their values are ignored, their covariates used).</summary>
    /// <param name="future">The rows of the steps to forecast, in order.</param>
    /// <param name="seriesId">The series, or null for the only one.</param>
    public TDst PredictWithFuture(IEnumerable<TSrc> future, string? seriesId = null)
    {
        ArgumentNullException.ThrowIfNull(future);
        var layout = _forecaster.Model.Layout;
        int p = layout.PastCovariates.Count, f = layout.FutureCovariates.Count;
        var values = new List<float>();
        foreach (var row in future)
            values.AddRange(Read(row).Covariates.Skip(p).Take(f));
        var state = seriesId is null ? (_state.Count == 1 ? _state.Values.Single() : throw new InvalidOperationException("Name the series.")) : Find(seriesId);
        return Forecast(state, values.ToArray(), null, null);
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

    private TDst Forecast(SeriesState state, float[]? future, int? horizon, float? confidenceLevel)
    {
        var model = _forecaster.Model;
        int h = horizon ?? model.Layout.Horizon;
        if (h <= 0)
            throw new ArgumentOutOfRangeException(nameof(horizon), h, "The horizon must be a positive number of steps.");
        float level = confidenceLevel ?? _forecaster.ConfidenceLevel;
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), level, "The confidence level must be in (0, 1).");
        var windows = new ForecastWindowList(new[] { state.Window(future) }, model.Layout);
        var forecast = model.Forecast(windows, h);
        var result = new TDst();
        _setters[0](result, forecast);
        if (_setters.Length == 3)
        {
            var (lower, upper) = model.Bounds(windows, forecast, h, level);
            _setters[1](result, lower);
            _setters[2](result, upper);
        }

        return result;
    }

    private SeriesState Find(string id)
        => _state.TryGetValue(id, out var s) ? s
            : throw new ArgumentOutOfRangeException(nameof(id), $"Series '{id}' is unknown to this model; it knows {_state.Count} series ({string.Join(", ", _state.Keys.Take(5).Select(k => $"'{k}'"))}{(_state.Count > 5 ? ", …" : "")}). Train with every series you want to forecast.");

    private (string Id, float Value, float[] Covariates) Read(TSrc example)
    {
        IDataView data = _mlContext.Data.LoadFromEnumerable(new[] { example });
        for (int i = 0; i < _forecasterIndex; i++)
            data = _chain[i].Transform(data);
        var layout = _forecaster.Model.Layout;
        SeriesReader.CheckSchema(data.Schema, layout, scoring: true);
        using var cursor = data.GetRowCursor(SeriesReader.Columns(data.Schema, layout));
        cursor.MoveNext();
        var reader = new SeriesReader.RowReader(cursor, layout);
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
