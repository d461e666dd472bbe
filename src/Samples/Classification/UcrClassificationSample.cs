using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;
using Samples.Data;

namespace Samples.Classification;

/// <summary>
/// Trains a recurrent classifier on the official TRAIN split of one UCR/UEA data set and scores the official TEST split
/// with ML.NET's multiclass metrics. Only <c>InputSize</c> and <c>NumberOfEpochs</c> are set; everything else is the
/// library's default.
/// </summary>
/// <example>
/// <code>
/// // Expected output (full run, seed 1, library defaults LSTM / no gradient clipping):
/// // ItalyPowerDemand: 67 training / 1029 test sequences, length 24, 1 channel(s), 2 classes
/// //   trained Lstm for 100 epochs: Fit 0.5 s (epochs 0.5 s); training loss 0.6994 -> 0.0501
/// //   test accuracy 0.971 | 1-NN Euclidean 0.955 | 1-NN DTW 0.950
/// // --- PASS ItalyPowerDemand: accuracy 0.971 (>= 1-NN DTW 0.950), 100 epochs, 0.5 s
/// //
/// // Test accuracy, seed 1          GunPoint  ItalyPowerDemand  BasicMotions  JapaneseVowels
/// // defaults (LSTM, no clipping)      0.493             0.971         0.750           0.968
/// // CellType Gru, GradientClipNorm 1  0.987             0.971         1.000           0.976
/// // 1-NN DTW (the success bar)        0.907             0.950         0.975           0.949
/// </code>
/// </example>
public sealed class UcrClassificationSample : ISample
{
    private readonly UcrDatasetInfo _info;
    private readonly int _epochs;
    private readonly int _quickEpochs;

    /// <summary>A sample for <paramref name="info"/>.</summary>
    /// <param name="info">The data set.</param>
    /// <param name="epochs">Epochs of the full run.</param>
    /// <param name="quickEpochs">Epochs with <see cref="SampleSettings.Quick"/>.</param>
    public UcrClassificationSample(UcrDatasetInfo info, int epochs, int quickEpochs)
    {
        _info = info;
        _epochs = epochs;
        _quickEpochs = quickEpochs;
    }

    /// <inheritdoc/>
    public string Name => _info.Name;

    /// <inheritdoc/>
    public string Description =>
        $"Recurrent classifier (library defaults) on UCR/UEA {_info.Name} ({_info.Channels} channel(s), {_info.Classes} classes), compared with the 1-NN references";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var mlContext = new MLContext(seed: settings.Seed);
        var trainRows = UcrDataset.LoadTrain(_info);
        var testRows = UcrDataset.LoadTest(_info);
        var lengths = trainRows.Concat(testRows).Select(r => r.Features.Length / _info.Channels).ToArray();
        Console.WriteLine(Invariant($"{_info.Name}: {trainRows.Count} training / {testRows.Count} test sequences, length {Range(lengths.Min(), lengths.Max())}, {_info.Channels} channel(s), {_info.Classes} classes"));

        IDataView train = mlContext.Data.LoadFromEnumerable(trainRows);
        IDataView test = mlContext.Data.LoadFromEnumerable(testRows);

        // The label is a string: map it to a key. A user sets only the values per time step and the epochs.
        int epochs = settings.Quick ? _quickEpochs : _epochs;
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.Recurrent(new RecurrentMulticlassClassificationOptions
            {
                InputSize = _info.Channels,
                NumberOfEpochs = epochs,
            }));

        var watch = Stopwatch.StartNew();
        var model = TrainingProgress.Fit(mlContext, _info.Name, epochs, () => pipeline.Fit(train));
        var trainingTime = watch.Elapsed;
        using var recurrent = model.LastTransformer;
        var history = recurrent.TrainingHistory.Epochs;

        var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(test));
        double accuracy = metrics.MicroAccuracy;
        double epochSeconds = history.Sum(e => e.Duration.TotalSeconds);
        Console.WriteLine(Invariant($"  trained {recurrent.CellType} for {history.Count} epochs: Fit {trainingTime.TotalSeconds:F1} s (epochs {epochSeconds:F1} s); training loss {history[0].TrainingLoss:F4} -> {history[^1].TrainingLoss:F4}"));
        Console.WriteLine(Invariant($"  test accuracy {accuracy:F3} | 1-NN Euclidean {Reference(_info.EuclideanAccuracy)} | 1-NN DTW {_info.DtwAccuracy:F3}"));

        // Full run: at least as good as 1-NN DTW. Quick run: clearly better than guessing.
        double chance = 1.0 / _info.Classes;
        double target = settings.Quick ? chance + 0.1 : _info.DtwAccuracy;
        bool succeeded = settings.Quick ? accuracy > target : accuracy >= target;
        string goal = settings.Quick ? Invariant($"> chance + 0.1 = {target:F3}") : Invariant($">= 1-NN DTW {target:F3}");
        return new SampleResult(succeeded, Invariant($"{_info.Name}: accuracy {accuracy:F3} ({goal}), {history.Count} epochs, {trainingTime.TotalSeconds:F1} s"));
    }

    private static string Range(int min, int max) => min == max ? Invariant($"{min}") : Invariant($"{min}-{max}");

    private static string Reference(double? value) => value is double v ? Invariant($"{v:F3}") : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
