using System;
using System.Collections.Generic;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>Where the training loop's mini-batches come from: rows held in memory, or streamed from the data view.</summary>
internal interface ITrainingSource
{
    /// <summary>Number of training rows.</summary>
    long Count { get; }

    /// <summary>Per-channel statistics of every training step.</summary>
    FeatureStatistics Features { get; }

    /// <summary>Moments of every training label value.</summary>
    LabelMoments Labels { get; }

    /// <summary>The first rows (at most one batch), for the input-gradient diagnostics.</summary>
    SequenceDataset Probe { get; }

    /// <summary>Whether batches are grouped by length.</summary>
    bool BucketsByLength { get; }

    /// <summary>One epoch's mini-batches, each row once, in an order drawn from <paramref name="random"/>.</summary>
    IEnumerable<TrainingBatch> Epoch(Random random, int batchSize);
}
