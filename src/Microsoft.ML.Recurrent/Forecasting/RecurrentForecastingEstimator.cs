using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Forecasting;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Trains a recurrent forecaster (RNN, LSTM or GRU) on one or many series. Create it with
/// <c>mlContext.Forecasting.ForecastByRecurrent(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>InputColumnName (input)</term><description>Single: the series, one row per time step, in time order.</description></item>
/// <item><term>CovariateColumnNames, FutureCovariateColumnNames (input)</term><description>Single: other values per step.</description></item>
/// <item><term>SeriesIdColumnName (input, optional)</term><description>Text, number or key telling series apart.</description></item>
/// <item><term>OutputColumnName (output)</term><description>Vector of Horizon Single values: the forecast after each row.</description></item>
/// <item><term>ConfidenceLowerBoundColumn, ConfidenceUpperBoundColumn (output)</term><description>Vectors of Horizon Single values at ConfidenceLevel.</description></item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// // trainingData: one row per time step, in time order, with a Single column "Value".
/// var model = ml.Forecasting.ForecastByRecurrent(outputColumnName: "Forecast", inputColumnName: "Value", windowSize: 24, horizon: 12,
///     confidenceLowerBoundColumn: "Lower", confidenceUpperBoundColumn: "Upper").Fit(trainingData);
/// var engine = model.CreateForecastEngine&lt;Observation, ForecastResult&gt;(ml);
/// ForecastResult next = engine.Predict();                                    // the 12 steps after the training data
/// ForecastResult later = engine.Predict(new Observation { Value = nextValue }); // takes in one observation first
/// engine.CheckPoint(ml, "forecaster.zip");                                    // the model with the updated state
///
/// class Observation { public float Value { get; set; } }
/// class ForecastResult { public float[] Forecast { get; set; } = []; public float[] Lower { get; set; } = []; public float[] Upper { get; set; } = []; }
/// </code>
/// The Forecasting section of the README; <c>test/consumer/app/ForecastingScenario.cs</c> (trains, evaluates with
/// <see cref="ForecastEvaluator"/>, saves, and forecasts again in a second process); runnable samples on real data:
/// <c>src/Samples</c> in the repository.
/// </example>
public sealed class RecurrentForecastingEstimator : IEstimator<RecurrentForecastingTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly RecurrentForecastingOptions _options;

    internal RecurrentForecastingEstimator(IHostEnvironment env, RecurrentForecastingOptions options)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = OptionsValidator.Validate(options);
        MLNetInternals.SelfCheck();
    }

    /// <summary>Trains on <paramref name="input"/>: every series, one row per step.</summary>
    public RecurrentForecastingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layout = Layout();
        var series = SeriesReader.Read(input, layout);
        TorchNativeLoader.EnsureLoaded();
        var context = new TrainingContext(_env, nameof(RecurrentForecastingEstimator));
        var (model, history) = ForecastTrainer.Train(context, _options, layout, series);
        var state = series.ToDictionary(s => s.Id, s => SeriesState.FromTail(s, layout));
        var outputs = new ForecastOutputs(_options.OutputColumnName, _options.ConfidenceLowerBoundColumn, _options.ConfidenceUpperBoundColumn, _options.ConfidenceLevel);
        return new RecurrentForecastingTransformer(_env, model, outputs, state, series.Select(s => s.Id).ToList(), history);
    }

    /// <summary>The input columns plus the forecast (and bound) vector columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var layout = Layout();
        foreach (var name in layout.CovariateColumns.Prepend(layout.InputColumnName))
        {
            var column = inputSchema.FirstOrDefault(c => c.Name == name);
            if (column.Name is null)
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The column '{name}' was not found in the input schema; it has the columns [{string.Join(", ", inputSchema.Select(c => c.Name))}].");
            if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single)
                throw new ArgumentException($"The column '{name}' must hold one Single value per row (time step).", nameof(inputSchema));
        }

        var columns = inputSchema.ToDictionary(c => c.Name);
        var outputs = new ForecastOutputs(_options.OutputColumnName, _options.ConfidenceLowerBoundColumn, _options.ConfidenceUpperBoundColumn, _options.ConfidenceLevel);
        foreach (var name in outputs.Names)
            columns[name] = MLNetInternals.CreateColumn(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }

    private SeriesLayout Layout() => new(_options.InputColumnName, _options.CovariateColumnNames.ToArray(), _options.FutureCovariateColumnNames.ToArray(),
        _options.SeriesIdColumnName, _options.WindowSize, _options.Horizon, _options.Strategy, _options.SeasonalPeriod ?? 0,
        _options.SeasonalBaseline);
}
