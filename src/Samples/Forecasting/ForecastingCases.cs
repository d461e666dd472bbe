using Microsoft.ML.Recurrent;

namespace Samples.Forecasting;

/// <summary>The real series of data/README.md with their standard holdouts and reference scores.</summary>
public static class ForecastingCases
{
    /// <summary>AirPassengers, last 12 months.</summary>
    public static readonly ForecastingCase AirPassengers12 = new("AirPassengers12", "AirPassengers.csv", 1, 12, 12, 36, 150, 1.571, 0.608, 0.749) { Strategy = ForecastStrategy.Recursive };

    /// <summary>AirPassengers, last 24 months.</summary>
    public static readonly ForecastingCase AirPassengers24 = new("AirPassengers24", "AirPassengers.csv", 1, 24, 12, 48, 150, 2.494, 2.400, 2.212);

    /// <summary>Mauna Loa CO2, last 12 months.</summary>
    public static readonly ForecastingCase Co2 = new("Co2", "co2.csv", 1, 12, 12, 36, 60, 0.891, 0.309, 0.288);

    /// <summary>Taylor half-hourly electricity demand, last day.</summary>
    public static readonly ForecastingCase Taylor48 = new("Taylor48", "taylor.csv", 1, 48, 48, 336, 10, 0.248, 0.688, 0.311) { WindowsPerEpoch = 512, CorrectionPeriod = 336, NaivePeriod = 336 };

    /// <summary>Taylor, last week.</summary>
    public static readonly ForecastingCase Taylor336 = new("Taylor336", "taylor.csv", 1, 336, 48, 672, 6, 0.199, 0.321, 0.242) { WindowsPerEpoch = 256, CorrectionPeriod = 336, NaivePeriod = 336 };

    /// <summary>ETTh1 oil temperature, last day, without covariates.</summary>
    public static readonly ForecastingCase Etth1 = new("ETTh1", "ETTh1.csv", 7, 24, 24, 168, 8, 0.490, 0.454, 0.250) { WindowsPerEpoch = 1024, CorrectionPeriod = 24 };

    /// <summary>ETTh1 oil temperature, last day, with the six load columns as covariates.</summary>
    public static readonly ForecastingCase Etth1Covariates = new("ETTh1Covariates", "ETTh1.csv", 7, 24, 24, 168, 8, 0.490, 0.454, 0.250)
    {
        WindowsPerEpoch = 1024,
        CorrectionPeriod = 24,
        Covariates = [1, 2, 3, 4, 5, 6],
    };

    /// <summary>ETTh1 oil temperature, last week.</summary>
    public static readonly ForecastingCase Etth1Week = new("ETTh1Week", "ETTh1.csv", 7, 168, 24, 336, 6, 1.054, 1.113, 1.002) { WindowsPerEpoch = 512, CorrectionPeriod = 168 };
}
