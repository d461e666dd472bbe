using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Forecasting;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// A fitted recurrent forecaster. <see cref="Transform"/> adds, for every row, the forecast of the next
/// <see cref="Horizon"/> values from the window ending at that row (NaN until a series has <see cref="WindowSize"/>
/// rows), and the bounds when their columns were named. It also remembers the end of each training series, so that
/// <c>CreateForecastEngine</c> forecasts what comes after the data it was trained on.
/// </summary>
public sealed class RecurrentForecastingTransformer : ITransformer, IDisposable
{
    internal RecurrentForecastingTransformer(IHostEnvironment env, ForecastModel model, ForecastOutputs outputs,
        IReadOnlyDictionary<string, SeriesState> state, IReadOnlyList<string> seriesOrder, RecurrentTrainingHistory history)
    {
        Environment = env;
        Model = model;
        Outputs = outputs;
        State = state;
        SeriesOrder = seriesOrder;
        TrainingHistory = history;
    }

    /// <summary>Past steps read per forecast.</summary>
    public int WindowSize => Model.Layout.WindowSize;

    /// <summary>Steps forecast.</summary>
    public int Horizon => Model.Layout.Horizon;

    /// <summary>Direct or recursive multi-step forecasting.</summary>
    public ForecastStrategy Strategy => Model.Layout.Strategy;

    /// <summary>Coverage probability of the bounds.</summary>
    public float ConfidenceLevel => Outputs.ConfidenceLevel;

    /// <summary>Ids of the series the model knows (one empty id for a single series), in order of appearance.</summary>
    public IReadOnlyList<string> SeriesIds => SeriesOrder;

    /// <summary>Per-epoch training loss and calibration loss.</summary>
    public RecurrentTrainingHistory TrainingHistory { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    internal IHostEnvironment Environment { get; }

    internal ForecastModel Model { get; }

    internal ForecastOutputs Outputs { get; }

    internal IReadOnlyDictionary<string, SeriesState> State { get; }

    internal IReadOnlyList<string> SeriesOrder { get; }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SeriesReader.CheckSchema(inputSchema, Model.Layout, scoring: true);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        var vector = new VectorDataViewType(NumberDataViewType.Single, Horizon);
        foreach (var name in Outputs.Names)
            builder.AddColumn(name, vector);
        return builder.ToSchema();
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ForecastScoredDataView(this, input, GetOutputSchema(input.Schema));
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new NotSupportedException("A forecaster depends on the rows before each row; use Transform, or CreateForecastEngine for one observation at a time.");

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx) => Persistence.ForecastModelSerializer.Save(this, ctx);

    /// <summary>Frees the network's native memory. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (!SharesModel)
            Model.Dispose();
    }

    /// <summary>A copy that shares the network but starts from <paramref name="state"/>.</summary>
    internal RecurrentForecastingTransformer WithState(IReadOnlyDictionary<string, SeriesState> state)
        => new(Environment, Model, Outputs, state.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()), SeriesOrder, TrainingHistory) { SharesModel = true };

    /// <summary>Whether this instance shares its network with another (then disposing it leaves the network alone).</summary>
    internal bool SharesModel { get; private init; }
}
