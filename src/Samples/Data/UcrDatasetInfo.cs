namespace Samples.Data;

/// <summary>A bundled UCR/UEA classification data set and its reference test accuracies from data/README.md.</summary>
/// <param name="Name">File name stem, e.g. <c>GunPoint</c> for <c>GunPoint_TRAIN.csv</c> and <c>GunPoint_TEST.csv</c>.</param>
/// <param name="Format">The CSV layout.</param>
/// <param name="Channels">Values per time step (the trainer's InputSize).</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="EuclideanAccuracy">1-NN Euclidean test accuracy, or null where it is not defined (variable length).</param>
/// <param name="DtwAccuracy">1-NN DTW test accuracy (full window; multivariate: dependent).</param>
public sealed record UcrDatasetInfo(string Name, UcrFormat Format, int Channels, int Classes, double? EuclideanAccuracy, double DtwAccuracy)
{
    /// <summary>UCR GunPoint: univariate, length 150, 2 classes.</summary>
    public static UcrDatasetInfo GunPoint { get; } = new("GunPoint", UcrFormat.Wide, 1, 2, 0.913, 0.907);

    /// <summary>UCR ItalyPowerDemand: univariate, length 24, 2 classes.</summary>
    public static UcrDatasetInfo ItalyPowerDemand { get; } = new("ItalyPowerDemand", UcrFormat.Wide, 1, 2, 0.955, 0.950);

    /// <summary>UEA BasicMotions: 6 channels, length 100, 4 classes.</summary>
    public static UcrDatasetInfo BasicMotions { get; } = new("BasicMotions", UcrFormat.Long, 6, 4, 0.600, 0.975);

    /// <summary>UEA JapaneseVowels: 12 channels, length 7 to 29, 9 classes.</summary>
    public static UcrDatasetInfo JapaneseVowels { get; } = new("JapaneseVowels", UcrFormat.Long, 12, 9, null, 0.949);
}
