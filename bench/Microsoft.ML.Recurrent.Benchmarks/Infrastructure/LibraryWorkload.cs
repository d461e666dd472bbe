using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Training;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>The library's side of a workload: the data as an <see cref="IDataView"/> and the trainer, through the public API.</summary>
internal static class LibraryWorkload
{
    public const float LearningRate = 0.005f;

    /// <summary>The rows as ML.NET data with the label column the task expects.</summary>
    public static IDataView Load(MLContext ml, NetworkSpec spec, SyntheticData data)
    {
        var rows = data.Rows;
        var labels = data.Labels;
        return spec.Task switch
        {
            BenchTask.Regression => ml.Data.LoadFromEnumerable(rows.Select((r, i) => new RegressionRow { Features = r, Label = labels[i] })),
            BenchTask.Binary => ml.Data.LoadFromEnumerable(rows.Select((r, i) => new BinaryRow { Features = r, Label = labels[i] > 0 })),
            _ => ToKeys(ml, ml.Data.LoadFromEnumerable(rows.Select((r, i) => new ClassRow { Features = r, Label = ClassRow.Name((int)labels[i]) }))),
        };
    }

    /// <summary>The trainer of <paramref name="spec"/>, through the catalog's options overload.</summary>
    public static IEstimator<RecurrentPredictionTransformer> Trainer(MLContext ml, NetworkSpec spec, int batchSize, int epochs,
        int? threads = null, CancellationToken cancellation = default, Action<RecurrentSupervisedOptions>? configure = null)
    {
        RecurrentSupervisedOptions options = spec.Task switch
        {
            BenchTask.Regression => new RecurrentRegressionOptions(),
            BenchTask.Binary => new RecurrentBinaryClassificationOptions(),
            _ => new RecurrentMulticlassClassificationOptions(),
        };
        options.InputSize = spec.InputSize;
        options.CellType = spec.Cell;
        options.HiddenSize = spec.HiddenSize;
        options.NumberOfLayers = spec.Layers;
        options.BatchSize = batchSize;
        options.NumberOfEpochs = epochs;
        options.LearningRate = LearningRate;
        options.GradientClipNorm = null;   // the hand-written loop does not clip (the classifiers' default clips at 1)
        options.CancellationToken = cancellation;
        ThreadSetting.Apply(options, threads);
        configure?.Invoke(options);
        return options switch
        {
            RecurrentRegressionOptions r => ml.Regression.Trainers.Recurrent(r),
            RecurrentBinaryClassificationOptions b => ml.BinaryClassification.Trainers.Recurrent(b),
            _ => ml.MulticlassClassification.Trainers.Recurrent((RecurrentMulticlassClassificationOptions)options),
        };
    }

    /// <summary>
    /// The seed the library's training will draw from <c>new MLContext(mlSeed)</c> after the same calls
    /// (load, create trainer, read the data): replayed on a second context, so the hand-written loop can start from the
    /// same weights and shuffle in the same order. The first-epoch loss comparison shows whether it worked.
    /// </summary>
    public static int ReplaySeed(int mlSeed, NetworkSpec spec, SyntheticData data, int batchSize)
    {
        var ml = new MLContext(mlSeed);
        var view = Load(ml, spec, data);
        var trainer = Trainer(ml, spec, batchSize, 1);
        using (var cursor = view.GetRowCursor(view.Schema))
        {
        }

        return new TrainingContext(ml, trainer.GetType().Name).Seed;
    }

    /// <summary>Class names "c0", "c1", … become keys 1, 2, … in that order, so key k − 1 is the hand-written loop's class index.</summary>
    private static IDataView ToKeys(MLContext ml, IDataView data)
        => ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(data).Transform(data);
}

public sealed class RegressionRow
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public float Label { get; set; }
}

public sealed class BinaryRow
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public bool Label { get; set; }
}

public sealed class ClassRow
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public string Label { get; set; } = "";

    /// <summary>The name of class <paramref name="index"/>; names sort like their indices (up to 10 classes).</summary>
    public static string Name(int index) => "c" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a binary model's <c>PredictionEngine</c> returns: all three output columns, as a user would read them.</summary>
public sealed class BinaryPrediction
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}
