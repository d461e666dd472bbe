using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>Training rows read into memory once: each epoch is a full shuffle, bucketed by length when rows differ.</summary>
internal sealed class InMemoryTrainingSource : ITrainingSource
{
    private readonly SequenceDataset _data;
    private readonly SequenceArrayRows _rows;
    private readonly ISequenceRows? _states;
    private readonly int[] _order;

    public InMemoryTrainingSource(SequenceDataset data, bool bucketByLength, int probeRows)
    {
        _data = data;
        _rows = new SequenceArrayRows(data.Features);
        _states = data.StateRows;
        _order = Enumerable.Range(0, data.Count).ToArray();
        BucketsByLength = bucketByLength && LengthBuckets.Vary(data.Features);
        Features = new FeatureStatistics(data.InputSize);
        foreach (var row in data.Features)
            Features.Add(row);
        Labels = LabelMoments.Of(data.Labels);
        Probe = ProbeOf(data, probeRows);
    }

    public long Count => _data.Count;

    public FeatureStatistics Features { get; }

    public LabelMoments Labels { get; }

    public SequenceDataset Probe { get; }

    public bool BucketsByLength { get; }

    public IEnumerable<TrainingBatch> Epoch(Random random, int batchSize)
    {
        RecurrentTrainingLoop.Shuffle(_order, random);
        if (BucketsByLength)
            LengthBuckets.Apply(_order, _data.Features, batchSize, random);
        for (int start = 0; start < _order.Length; start += batchSize)
            yield return new TrainingBatch(_rows, _data.Labels, new ArraySegment<int>(_order, start, Math.Min(batchSize, _order.Length - start)), _states);
    }

    /// <summary>The first <paramref name="rows"/> rows of <paramref name="data"/>.</summary>
    public static SequenceDataset ProbeOf(SequenceDataset data, int rows)
    {
        int n = Math.Min(rows, data.Count);
        var labels = new SequenceLabels();
        for (int i = 0; i < n; i++)
            labels.Add(data.Labels.Row(i));
        return new SequenceDataset(data.InputSize, data.Features.Take(n).ToList(), labels, data.States?.Take(n).ToList());
    }
}
