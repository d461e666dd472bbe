using System.Collections.Generic;
using Samples.Classification;
using Samples.Data;
using Samples.Forecasting;
using Samples.Tutorials;

namespace Samples;

/// <summary>Every sample, in the order they run.</summary>
public static class SampleCatalog
{
    /// <summary>Creates the samples.</summary>
    /// <remarks>Epochs are the one setting chosen per data set (besides InputSize): GunPoint's 150-step series and
    /// two mini-batches per epoch need more passes than the others (300: a GRU with clipping learns it between epoch
    /// 80 and 250 depending on the seed). 100 is the library's default.</remarks>
    public static IReadOnlyList<ISample> All() =>
    [
        new UcrClassificationSample(UcrDatasetInfo.GunPoint, epochs: 300, quickEpochs: 80),
        new UcrClassificationSample(UcrDatasetInfo.ItalyPowerDemand, epochs: 100, quickEpochs: 15),
        new UcrClassificationSample(UcrDatasetInfo.BasicMotions, epochs: 100, quickEpochs: 20),
        new UcrClassificationSample(UcrDatasetInfo.JapaneseVowels, epochs: 100, quickEpochs: 5),
        new SaveLoadSample(),
        new SeriesForecastingSample(ForecastingCases.AirPassengers12),
        new SeriesForecastingSample(ForecastingCases.AirPassengers24),
        new SeriesForecastingSample(ForecastingCases.Co2),
        new SeriesForecastingSample(ForecastingCases.Taylor48),
        new SeriesForecastingSample(ForecastingCases.Taylor336),
        new SeriesForecastingSample(ForecastingCases.Etth1),
        new SeriesForecastingSample(ForecastingCases.Etth1Covariates),
        new SeriesForecastingSample(ForecastingCases.Etth1Week),
        new M4HourlySample(),
        new RnnCellSample(),
        new ShapesSample(),
        new SquareSample(),
        new MultiplesSample(),
        new SumOfSixSample(),
        new RunningSumSample(),
        new SineSample(),
        new NextCharacterSample(),
        new VariableLengthSample(),
        new LongSequenceSample(),
    ];
}
