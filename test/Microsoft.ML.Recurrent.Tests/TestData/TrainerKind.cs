using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tests.TestData;

/// <summary>The trainers under test, with data whose answer is certain and a way to read their quality.</summary>
public enum TrainerKind
{
    Binary,
    Multiclass,
    Regression,
}

public static class TrainerFactory
{
    /// <summary>Seeded training data for <paramref name="kind"/>, already transformed into the trainer's input.</summary>
    public static IDataView Data(MLContext ml, TrainerKind kind, int count = 60, int seed = 1, int inputSize = 1) => kind switch
    {
        TrainerKind.Binary => ml.Data.LoadFromEnumerable(SyntheticSequences.Binary(count, seed, inputSize)),
        TrainerKind.Multiclass => ml.Transforms.Conversion.MapValueToKey("Label")
            .Fit(ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(count, 1, inputSize)))
            .Transform(ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(count, seed, inputSize))),
        _ => ml.Data.LoadFromEnumerable(SyntheticSequences.Sum(count, seed)),
    };

    /// <summary>A small, fast trainer of <paramref name="kind"/>.</summary>
    public static IEstimator<RecurrentPredictionTransformer> Trainer(MLContext ml, TrainerKind kind, RecurrentCellType cell = RecurrentCellType.Lstm,
        bool bidirectional = false, int epochs = 15, int inputSize = 1, Action<RecurrentSupervisedOptions>? configure = null)
    {
        RecurrentSupervisedOptions options = kind switch
        {
            TrainerKind.Binary => new RecurrentBinaryClassificationOptions(),
            TrainerKind.Multiclass => new RecurrentMulticlassClassificationOptions(),
            _ => new RecurrentRegressionOptions(),
        };
        options.CellType = cell;
        options.Bidirectional = bidirectional;
        options.HiddenSize = 16;
        options.NumberOfEpochs = epochs;
        options.BatchSize = 16;
        options.LearningRate = 0.01f;
        options.InputSize = inputSize;
        configure?.Invoke(options);
        return options switch
        {
            RecurrentBinaryClassificationOptions b => ml.BinaryClassification.Trainers.Recurrent(b),
            RecurrentMulticlassClassificationOptions m => ml.MulticlassClassification.Trainers.Recurrent(m),
            _ => ml.Regression.Trainers.Recurrent((RecurrentRegressionOptions)options),
        };
    }

    /// <summary>Accuracy (classification) or R² (regression) of scored data, through ML.NET's evaluators.</summary>
    public static double Quality(MLContext ml, TrainerKind kind, IDataView scored) => kind switch
    {
        TrainerKind.Binary => ml.BinaryClassification.Evaluate(scored).Accuracy,
        TrainerKind.Multiclass => ml.MulticlassClassification.Evaluate(scored).MicroAccuracy,
        _ => ml.Regression.Evaluate(scored).RSquared,
    };

    /// <summary>Every output value of every row, flattened, for exact comparisons.</summary>
    public static float[] Scores(IDataView scored, TrainerKind kind)
    {
        var column = scored.Schema["Score"];
        if (kind == TrainerKind.Multiclass)
            return scored.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray();
        return scored.GetColumn<float>(column).ToArray();
    }
}
