using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tests.TestData;

/// <summary>A sequence with an initial state and a Boolean label; the state's size is set per data view (<see cref="StatefulSequences.Schema"/>).</summary>
public sealed class StatefulSequence
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public float[] State { get; set; } = Array.Empty<float>();

    public bool Label { get; set; }
}

/// <summary>The scores of a stateful model: the logit and the complete final state (when an encoder adds it).</summary>
public sealed class StatefulScore
{
    public float Score { get; set; }
}

/// <summary>Seeded sequences with initial states.</summary>
public static class StatefulSequences
{
    /// <summary>A data view of <paramref name="rows"/> whose State column is a Vector&lt;Single, <paramref name="stateSize"/>&gt;.</summary>
    public static IDataView Load(MLContext ml, IEnumerable<StatefulSequence> rows, int stateSize)
        => ml.Data.LoadFromEnumerable(rows, Schema(stateSize));

    /// <summary>The schema of <see cref="StatefulSequence"/> with a State of <paramref name="stateSize"/> values.</summary>
    public static SchemaDefinition Schema(int stateSize)
    {
        var schema = SchemaDefinition.Create(typeof(StatefulSequence));
        schema[nameof(StatefulSequence.State)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, stateSize);
        return schema;
    }

    /// <summary>Rows of <paramref name="minSteps"/> to <paramref name="maxSteps"/> steps of <paramref name="inputSize"/>
    /// values in [−1, 1] with states in [−0.8, 0.8] (zeros with <paramref name="zeroStates"/>); alternate labels.</summary>
    public static List<StatefulSequence> Rows(int count, int seed, int inputSize, int stateSize, int minSteps = 2, int maxSteps = 9, bool zeroStates = false)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new StatefulSequence
        {
            Features = Enumerable.Range(0, rng.Next(minSteps, maxSteps + 1) * inputSize).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray(),
            State = Enumerable.Range(0, stateSize).Select(_ => zeroStates ? 0f : (float)(rng.NextDouble() * 1.6 - 0.8)).ToArray(),
            Label = i % 2 == 0,
        }).ToList();
    }

    /// <summary>A binary trainer reading the State column (features not normalised, so a score is the raw logit).</summary>
    public static IEstimator<RecurrentPredictionTransformer> Trainer(MLContext ml, RecurrentCellType cell, int layers, bool bidirectional,
        int hidden = 4, int inputSize = 2, int epochs = 1, int batchSize = 4, Action<RecurrentBinaryClassificationOptions>? configure = null)
    {
        var options = new RecurrentBinaryClassificationOptions
        {
            InputSize = inputSize, CellType = cell, HiddenSize = hidden, NumberOfLayers = layers, Bidirectional = bidirectional,
            NumberOfEpochs = epochs, BatchSize = batchSize, NormalizeFeatures = false, InitialStateColumnName = nameof(StatefulSequence.State),
        };
        configure?.Invoke(options);
        return ml.BinaryClassification.Trainers.Recurrent(options);
    }
}
