using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;
using Samples.Data;

namespace Samples.Classification;

/// <summary>
/// Trains on ItalyPowerDemand, saves the pipeline with <c>mlContext.Model.Save</c>, loads it in a new <c>MLContext</c>,
/// and checks that a <c>PredictionEngine</c> (one row at a time) gives the same scores and labels as the batch
/// <c>Transform</c> of the saved and of the loaded model.
/// </summary>
/// <example>
/// <code>
/// // Expected output (full run, seed 1, library defaults):
/// // Saved the model to /tmp/ItalyPowerDemand-recurrent-12345.zip (65 KB)
/// // Loaded it; its input columns: Features (Vector<Single>), Label (String)
/// // 1029 test sequences: largest score difference 1.2E-007 (engine vs. loaded batch), 0.0E+000 (loaded vs. original batch)
/// // 1029 / 1029 predicted labels agree; accuracy of the loaded model 0.936
/// </code>
/// </example>
public sealed class SaveLoadSample : ISample
{
    private const double Tolerance = 1e-5;
    private static readonly UcrDatasetInfo Info = UcrDatasetInfo.ItalyPowerDemand;

    /// <inheritdoc/>
    public string Name => "SaveLoad";

    /// <inheritdoc/>
    public string Description => "Save and load a trained pipeline; PredictionEngine predictions equal batch Transform scores";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var trainRows = UcrDataset.LoadTrain(Info);
        var testRows = UcrDataset.LoadTest(Info);
        string path = Path.Combine(Path.GetTempPath(), $"{Info.Name}-recurrent-{Environment.ProcessId}.zip");

        // Train and save: the key mapping, the recurrent network and the mapping back to the label's text.
        var mlContext = new MLContext(seed: settings.Seed);
        IDataView train = mlContext.Data.LoadFromEnumerable(trainRows);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.Recurrent(new RecurrentMulticlassClassificationOptions
            {
                InputSize = Info.Channels,
                NumberOfEpochs = settings.Quick ? 5 : 30,
            }))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var trained = pipeline.Fit(train);
        var originalScores = BatchScores(mlContext, trained, testRows);
        mlContext.Model.Save(trained, train.Schema, path);
        Console.WriteLine(Invariant($"Saved the model to {path} ({new FileInfo(path).Length / 1024} KB)"));

        try
        {
            // A new MLContext, as in another process: nothing but the file is shared.
            var loadContext = new MLContext(seed: settings.Seed);
            var loaded = loadContext.Model.Load(path, out var inputSchema);
            Console.WriteLine($"Loaded it; its input columns: {string.Join(", ", inputSchema.Select(c => $"{c.Name} ({c.Type})"))}");

            var batch = BatchScores(loadContext, loaded, testRows);
            using var engine = loadContext.Model.CreatePredictionEngine<SequenceRow, SequencePrediction>(loaded);
            double engineDiff = 0, reloadDiff = 0;
            int agree = 0, correct = 0;
            for (int i = 0; i < testRows.Count; i++)
            {
                var single = engine.Predict(new SequenceRow { Features = testRows[i].Features });
                engineDiff = Math.Max(engineDiff, MaxAbsDifference(single.Score, batch[i].Score));
                reloadDiff = Math.Max(reloadDiff, MaxAbsDifference(originalScores[i].Score, batch[i].Score));
                agree += single.PredictedLabel == batch[i].PredictedLabel ? 1 : 0;
                correct += single.PredictedLabel == testRows[i].Label ? 1 : 0;
            }

            double accuracy = (double)correct / testRows.Count;
            Console.WriteLine(Invariant($"{testRows.Count} test sequences: largest score difference {engineDiff:E1} (engine vs. loaded batch), {reloadDiff:E1} (loaded vs. original batch)"));
            Console.WriteLine(Invariant($"{agree} / {testRows.Count} predicted labels agree; accuracy of the loaded model {accuracy:F3}"));
            (loaded as IDisposable)?.Dispose();

            bool succeeded = engineDiff <= Tolerance && reloadDiff <= Tolerance && agree == testRows.Count;
            return new SampleResult(succeeded, Invariant(
                $"{Info.Name} saved and loaded: engine vs. batch max |diff| {engineDiff:E1}, reload max |diff| {reloadDiff:E1} (<= {Tolerance:E0}), {agree}/{testRows.Count} labels agree, accuracy {accuracy:F3}"));
        }
        finally
        {
            (trained as IDisposable)?.Dispose();
            File.Delete(path);
        }
    }

    private static SequencePrediction[] BatchScores(MLContext mlContext, ITransformer model, IReadOnlyList<SequenceRow> rows)
        => mlContext.Data.CreateEnumerable<SequencePrediction>(model.Transform(mlContext.Data.LoadFromEnumerable(rows)), reuseRowObject: false).ToArray();

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length)
            return double.PositiveInfinity;
        double max = 0;
        for (int i = 0; i < a.Length; i++)
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
