namespace Samples.Forecasting;

/// <summary>One series and holdout from data/README.md, with the reference scores measured there.</summary>
/// <param name="Name">Sample name.</param>
/// <param name="File">CSV file in data/.</param>
/// <param name="Column">Zero-based column of the value.</param>
/// <param name="Horizon">Held-out steps (h).</param>
/// <param name="SeasonalPeriod">Seasonal period (m) for MASE and the seasonal naive forecast.</param>
/// <param name="WindowSize">Past steps the model reads.</param>
/// <param name="Epochs">Epochs of the full run.</param>
/// <param name="SeasonalNaiveMase">Seasonal naive MASE from data/README.md.</param>
/// <param name="ArimaMase">auto.arima MASE from data/README.md.</param>
/// <param name="EtsMase">ETS MASE from data/README.md.</param>
public sealed record ForecastingCase(string Name, string File, int Column, int Horizon, int SeasonalPeriod, int WindowSize, int Epochs,
    double SeasonalNaiveMase, double ArimaMase, double EtsMase)
{
    /// <summary>Covariate columns (zero-based), for ETTh1's load features.</summary>
    public int[] Covariates { get; init; } = [];

    /// <summary>Periods (in steps) of calendar covariates known in the future, at most three: each period m adds the
    /// columns sin(2π·t/m) and cos(2π·t/m), t the row's index in the file, which the network sees for the past steps
    /// and for the steps it forecasts (taylor: 48 and 336, the daily and weekly phase; its row 0 is a Monday 00:00).</summary>
    public int[] CalendarPeriods { get; init; } = [];

    /// <summary>Only the last this many rows are used (null: all).</summary>
    public int? LastRows { get; init; }

    /// <summary>Direct or recursive multi-step forecasting.</summary>
    public Microsoft.ML.Recurrent.ForecastStrategy Strategy { get; init; } = Microsoft.ML.Recurrent.ForecastStrategy.Direct;

    /// <summary>Seasonal period of the naive forecast the network corrects (null: forecast values directly).</summary>
    public int? CorrectionPeriod { get; init; }

    /// <summary>Training windows drawn per epoch (null: all).</summary>
    public int? WindowsPerEpoch { get; init; }

    /// <summary>The forecast the network corrects, with a <see cref="CorrectionPeriod"/>.</summary>
    public Microsoft.ML.Recurrent.SeasonalBaseline Baseline { get; init; } = Microsoft.ML.Recurrent.SeasonalBaseline.SeasonalNaive;

    /// <summary>The error the network is trained on.</summary>
    public Microsoft.ML.Recurrent.ForecastLoss Loss { get; init; } = Microsoft.ML.Recurrent.ForecastLoss.SquaredError;

    /// <summary>Models trained with seeds seed, seed + 1, …, whose forecasts and bounds are averaged.</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>Period of the seasonal naive forecast the README's figure is for (null: <see cref="SeasonalPeriod"/>;
    /// taylor: 336, the weekly naive).</summary>
    public int? NaivePeriod { get; init; }

    /// <summary>Validation origins (<c>--validate</c>) at the end of the training rows, each forecast by models
    /// fitted on the rows before it.</summary>
    public int ValidationOrigins { get; init; } = 3;

    /// <summary>Why the full run is known not to beat the seasonal naive figure (measured, not hoped), or null: a miss
    /// is then reported as SHORT with this reason instead of failing the run.</summary>
    public string? Shortfall { get; init; }

    /// <summary>Steps between two validation origins (null: <see cref="Horizon"/>, so that their forecasts do not overlap).</summary>
    public int? ValidationStep { get; init; }
}
