using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Options of <c>mlContext.Forecasting.ForecastByRecurrent</c>. The input is a <c>Single</c> column, one row per time
/// step in time order (several series may follow each other, told apart by <see cref="SeriesIdColumnName"/>); the
/// output is a vector of the next <see cref="Horizon"/> values for each row, with optional bounds.
/// </summary>
/// <remarks>
/// Each window of <see cref="WindowSize"/> values is standardised by its own mean and standard deviation before it
/// reaches the network, and forecasts are scaled back the same way: the network never sees raw magnitudes, and a
/// series that trends beyond its training range is forecast from its current level instead of flattening.
/// </remarks>
public sealed class RecurrentForecastingOptions : RecurrentNetworkOptions
{
    /// <summary>Creates options with the forecasting defaults (LSTM, 64 hidden units, 50 epochs, learning rate 0.003, no clipping).</summary>
    public RecurrentForecastingOptions()
    {
        CellType = RecurrentDefaults.ForecastingCellType;
        GradientClipNorm = null;
        NumberOfEpochs = 50;
        LearningRate = 0.003f;
    }

    /// <summary>The output vector column: the next <see cref="Horizon"/> values after each row.</summary>
    /// <value>The default value is "Forecast".</value>
    public string OutputColumnName { get; set; } = "Forecast";

    /// <summary>The <c>Single</c> column holding the series, one row per time step in time order.</summary>
    /// <value>The default value is "Value".</value>
    public string InputColumnName { get; set; } = "Value";

    /// <summary>Past steps the network reads for each forecast.</summary>
    /// <value>The default value is 24.</value>
    public int WindowSize { get; set; } = 24;

    /// <summary>Future steps forecast from each window.</summary>
    /// <value>The default value is 12.</value>
    public int Horizon { get; set; } = 12;

    /// <summary>Coverage probability of the bounds, in (0, 1).</summary>
    /// <value>The default value is 0.95.</value>
    public float ConfidenceLevel { get; set; } = 0.95f;

    /// <summary>The output vector column of lower bounds; null for none.</summary>
    /// <value>The default value is null.</value>
    public string? ConfidenceLowerBoundColumn { get; set; }

    /// <summary>The output vector column of upper bounds; null for none.</summary>
    /// <value>The default value is null.</value>
    public string? ConfidenceUpperBoundColumn { get; set; }

    /// <summary>Direct (all steps at once) or recursive (one step fed back).</summary>
    /// <value>The default value is <see cref="ForecastStrategy.Direct"/>.</value>
    public ForecastStrategy Strategy { get; set; } = ForecastStrategy.Direct;

    /// <summary>Columns of <c>Single</c> values observed with each step (e.g. other sensors), seen by the network for
    /// the past steps of each window. In recursive mode their last value is held over the horizon.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> CovariateColumnNames { get; set; } = Array.Empty<string>();

    /// <summary>Columns of <c>Single</c> values known in advance (e.g. hour of day, holidays): seen for the past steps and,
    /// in direct mode, for the <see cref="Horizon"/> future steps too. Forecasting with them needs their future values.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> FutureCovariateColumnNames { get; set; } = Array.Empty<string>();

    /// <summary>A column telling series apart (text, key or number); rows of a series must be in time order. Windows
    /// never cross series, and one global model learns them all. Null for a single series.</summary>
    /// <value>The default value is null.</value>
    public string? SeriesIdColumnName { get; set; }

    /// <summary>Share of each series' most recent windows held out of training to calibrate the bounds (and to choose
    /// the best epoch); in [0, 0.5).</summary>
    /// <value>The default value is 0.1.</value>
    public float CalibrationFraction { get; set; } = 0.1f;

    /// <summary>With a seasonal period m, the network learns a correction to the seasonal naive forecast (the value one
    /// season earlier) instead of the value itself: an untrained network forecasts exactly like seasonal naive, and
    /// training improves on it. Needs <see cref="WindowSize"/> of at least m. Null forecasts the values directly.</summary>
    /// <value>The default value is null.</value>
    public int? SeasonalPeriod { get; set; }

    /// <summary>The forecast the network corrects when <see cref="SeasonalPeriod"/> is set: seasonal naive, or seasonal
    /// naive plus the latest change over one season (for series whose level moves: trends, a warm week). Compare them
    /// on a validation split of your training data.</summary>
    /// <value>The default value is <see cref="SeasonalBaseline.SeasonalNaive"/>.</value>
    public SeasonalBaseline SeasonalBaseline { get; set; } = SeasonalBaseline.SeasonalNaive;

    /// <summary>The error training minimises (and that chooses the kept epoch on the calibration windows):
    /// <see cref="ForecastLoss.SquaredError"/> forecasts the mean of the future values, <see cref="ForecastLoss.AbsoluteError"/>
    /// their median, which is usually better when the forecasts are judged by MAE, MASE or sMAPE, or when the series
    /// have spikes. The bounds are calibrated the same way for both: forecast ± z times the root-mean-square error of
    /// the held-out windows.</summary>
    /// <value>The default value is <see cref="ForecastLoss.SquaredError"/>.</value>
    public ForecastLoss Loss { get; set; } = ForecastLoss.SquaredError;

    /// <summary>Training windows drawn per epoch when there are more (sampled afresh each epoch); null uses all.</summary>
    /// <value>The default value is null.</value>
    public int? MaxWindowsPerEpoch { get; set; }

    internal override RecurrentNetworkOptions Snapshot()
    {
        var copy = (RecurrentForecastingOptions)base.Snapshot();
        copy.CovariateColumnNames = CovariateColumnNames?.ToArray() ?? Array.Empty<string>();
        copy.FutureCovariateColumnNames = FutureCovariateColumnNames?.ToArray() ?? Array.Empty<string>();
        return copy;
    }

    internal override void CollectProblems(List<string> problems)
    {
        base.CollectProblems(problems);
        OptionsValidator.NotEmpty(problems, nameof(OutputColumnName), OutputColumnName);
        OptionsValidator.NotEmpty(problems, nameof(InputColumnName), InputColumnName);
        OptionsValidator.Positive(problems, nameof(WindowSize), WindowSize);
        OptionsValidator.Positive(problems, nameof(Horizon), Horizon);
        OptionsValidator.Defined(problems, nameof(Strategy), Strategy);
        OptionsValidator.Defined(problems, nameof(SeasonalBaseline), SeasonalBaseline);
        OptionsValidator.Defined(problems, nameof(Loss), Loss);
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
            problems.Add($"{nameof(ConfidenceLevel)} must be in (0, 1), got {OptionsValidator.Format(ConfidenceLevel)}.");
        if (!(CalibrationFraction >= 0 && CalibrationFraction < 0.5f))
            problems.Add($"{nameof(CalibrationFraction)} must be in [0, 0.5), got {OptionsValidator.Format(CalibrationFraction)}.");
        if (SeasonalPeriod is int m)
        {
            OptionsValidator.Positive(problems, nameof(SeasonalPeriod), m, "or null for none");
            if (m > WindowSize)
                problems.Add($"{nameof(SeasonalPeriod)} ({m}) must not exceed {nameof(WindowSize)} ({WindowSize}): the window must reach one season back. Raise WindowSize to at least {m}.");
            else if (m == WindowSize && SeasonalBaseline == SeasonalBaseline.LastSeasonalChange)
                problems.Add($"{nameof(SeasonalBaseline)} {nameof(SeasonalBaseline.LastSeasonalChange)} needs {nameof(WindowSize)} ({WindowSize}) above {nameof(SeasonalPeriod)} ({m}): the window must reach one season before its last step. Raise WindowSize to at least {m + 1}.");
        }

        if (MaxWindowsPerEpoch is int max)
            OptionsValidator.Positive(problems, nameof(MaxWindowsPerEpoch), max, "or null to use every window");
        if (CovariateColumnNames is null || FutureCovariateColumnNames is null)
            problems.Add("CovariateColumnNames and FutureCovariateColumnNames must not be null; use an empty list for none.");
        if ((ConfidenceLowerBoundColumn is null) != (ConfidenceUpperBoundColumn is null))
            problems.Add($"{nameof(ConfidenceLowerBoundColumn)} and {nameof(ConfidenceUpperBoundColumn)} must be given together, got '{ConfidenceLowerBoundColumn}' and '{ConfidenceUpperBoundColumn}'.");
    }
}
