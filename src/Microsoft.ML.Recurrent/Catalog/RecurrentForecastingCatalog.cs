using Microsoft.ML.Recurrent;
using Microsoft.ML.Recurrent.Bridge;

namespace Microsoft.ML;

/// <summary>Recurrent forecasting on ML.NET's <see cref="ForecastingCatalog"/>, named like <c>ForecastBySsa</c>.</summary>
public static class RecurrentForecastingCatalog
{
    /// <summary>A recurrent forecaster: from the last <paramref name="windowSize"/> values, the next <paramref name="horizon"/>.</summary>
    /// <param name="catalog">The forecasting catalog.</param>
    /// <param name="outputColumnName">The forecast vector column.</param>
    /// <param name="inputColumnName">The Single column holding the series, one row per step in time order.</param>
    /// <param name="windowSize">Past steps read per forecast.</param>
    /// <param name="horizon">Steps forecast.</param>
    /// <param name="confidenceLowerBoundColumn">The lower-bound vector column, or null.</param>
    /// <param name="confidenceUpperBoundColumn">The upper-bound vector column, or null.</param>
    /// <param name="confidenceLevel">Coverage probability of the bounds.</param>
    /// <param name="strategy">Direct (all steps at once) or recursive.</param>
    /// <param name="cellType">The recurrent cell.</param>
    /// <param name="hiddenSize">Hidden size.</param>
    /// <param name="numberOfEpochs">Passes over the training windows.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentForecastingEstimator ForecastByRecurrent(this ForecastingCatalog catalog, string outputColumnName, string inputColumnName,
        int windowSize, int horizon, string? confidenceLowerBoundColumn = null, string? confidenceUpperBoundColumn = null,
        float confidenceLevel = 0.95f, ForecastStrategy strategy = ForecastStrategy.Direct, RecurrentCellType cellType = RecurrentDefaults.ForecastingCellType,
        int hiddenSize = RecurrentDefaults.HiddenSize, int numberOfEpochs = 50)
        => ForecastByRecurrent(catalog, new RecurrentForecastingOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            WindowSize = windowSize,
            Horizon = horizon,
            ConfidenceLowerBoundColumn = confidenceLowerBoundColumn,
            ConfidenceUpperBoundColumn = confidenceUpperBoundColumn,
            ConfidenceLevel = confidenceLevel,
            Strategy = strategy,
            CellType = cellType,
            HiddenSize = hiddenSize,
            NumberOfEpochs = numberOfEpochs,
        });

    /// <summary>A recurrent forecaster configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The forecasting catalog.</param>
    /// <param name="options">All settings; validated at once.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentForecastingEstimator ForecastByRecurrent(this ForecastingCatalog catalog, RecurrentForecastingOptions options)
        => new(MLNetInternals.GetEnvironment(catalog), options);
}
