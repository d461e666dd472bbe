using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>
/// Training rows streamed from the data view, for data larger than memory: one pass at <c>Fit</c> checks every row and
/// gathers the scaling statistics; each epoch then reads the view again through a shuffle buffer of at most
/// <c>ShuffleBufferSize</c> rows (a batch draws its rows at random from the buffer, and each drawn row is replaced by
/// the next one read). Memory holds the buffer and one batch, whatever the size of the data. The view's cursor is
/// also shuffled when the view can shuffle cheaply (<see cref="IDataView.CanShuffle"/>). When rows differ in length and
/// <c>BucketByLength</c> is on, rows are drawn from the buffer a pool at a time (at most
/// <see cref="LengthBuckets.PoolBatches"/> batches and half the buffer), the pool is sorted by length and cut into
/// batches, and its batches are yielded in random order, as <see cref="LengthBuckets"/> does in memory; memory then
/// holds the buffer and one pool.
/// </summary>
internal sealed class StreamingTrainingSource : ITrainingSource
{
    private readonly IDataView _data;
    private readonly RecurrentSupervisedOptions _options;
    private readonly PredictionTask _task;
    private readonly SequenceBuffer _batchRows = new();
    private readonly SequenceBuffer _batchStates = new();
    private readonly bool _hasStates;
    private readonly SequenceLabels _batchLabels = new();
    private readonly SequenceLabels _rowLabel = new();
    private readonly Slot?[] _slots;
    private readonly Stack<Slot> _spare = new();
    private int[] _identity = Array.Empty<int>();

    public StreamingTrainingSource(IDataView data, RecurrentSupervisedOptions options, PredictionTask task, int bufferSize, int probeRows, string what)
    {
        _data = data;
        _options = options;
        _task = task;
        _slots = new Slot?[bufferSize];
        Features = new FeatureStatistics(options.InputSize);
        Labels = new LabelMoments();
        var probeFeatures = new List<float[]>();
        var probeLabels = new SequenceLabels();
        var reader = SequenceRowReader.Open(data, options, task);
        _hasStates = reader.HasState;
        var probeStates = _hasStates ? new List<float[]>() : null;
        int shortest = int.MaxValue, longest = 0;
        using (reader.Cursor)
        {
            while (reader.Cursor.MoveNext())
            {
                _rowLabel.Clear();
                var sequence = reader.Read(_rowLabel);
                shortest = Math.Min(shortest, sequence.Length);
                longest = Math.Max(longest, sequence.Length);
                Features.Add(sequence);
                Labels.Add(_rowLabel.Row(0));
                if (probeFeatures.Count < probeRows)
                {
                    probeFeatures.Add(sequence.ToArray());
                    probeLabels.Add(_rowLabel.Row(0));
                    probeStates?.Add(reader.State.ToArray());
                }

                Count++;
            }
        }

        if (Count == 0)
            throw new ArgumentException(ErrorMessages.NoRows(what));
        Probe = new SequenceDataset(options.InputSize, probeFeatures, probeLabels, probeStates);
        BucketsByLength = options.BucketByLength && shortest != longest;
    }

    public long Count { get; }

    public FeatureStatistics Features { get; }

    public LabelMoments Labels { get; }

    public SequenceDataset Probe { get; }

    public bool BucketsByLength { get; }

    /// <summary>One epoch: rows are drawn at random from the buffer a pool at a time (a drawn slot moves to the pool and a
    /// spare one takes its place with the next row read). A pool is one batch, or when bucketing by length several,
    /// sorted by length (stably), cut into batches and yielded in random order.</summary>
    public IEnumerable<TrainingBatch> Epoch(Random random, int batchSize)
    {
        if (_identity.Length < batchSize)
            _identity = Enumerable.Range(0, batchSize).ToArray();
        var slots = _slots;   // kept across epochs, like the spare slots, so each slot's arrays are reused
        int poolBatches = BucketsByLength ? Math.Clamp(slots.Length / 2 / batchSize, 1, LengthBuckets.PoolBatches) : 1;
        var pool = new Slot[poolBatches * batchSize];
        var keys = BucketsByLength ? new long[pool.Length] : null;
        int filled = 0;
        var reader = SequenceRowReader.Open(_data, _options, _task, _data.CanShuffle ? new Random(random.Next()) : null);
        using (reader.Cursor)
        {
            while (filled < slots.Length && reader.Cursor.MoveNext())
                (slots[filled++] ??= NewSlot()).Fill(reader, _rowLabel);

            while (filled > 0)
            {
                int count = Math.Min(pool.Length, filled);
                for (int k = 0; k < count; k++)
                {
                    int j = random.Next(filled);
                    pool[k] = slots[j]!;
                    if (reader.Cursor.MoveNext())
                    {
                        (slots[j] = NewSlot()).Fill(reader, _rowLabel);
                    }
                    else
                    {
                        // No rows left to read: the last filled slot takes the drawn one's place.
                        filled--;
                        slots[j] = slots[filled];
                        slots[filled] = null;
                    }
                }

                int batches = (count + batchSize - 1) / batchSize;
                var batchOrder = Enumerable.Range(0, batches).ToArray();
                if (keys is not null)
                {
                    for (int k = 0; k < count; k++)
                        keys[k] = (long)pool[k].Sequence.Length * pool.Length + k;
                    keys.AsSpan(0, count).Sort(pool.AsSpan(0, count));
                    RecurrentTrainingLoop.Shuffle(batchOrder, random);
                }

                foreach (int b in batchOrder)
                {
                    _batchRows.Clear();
                    _batchLabels.Clear();
                    _batchStates.Clear();
                    int from = b * batchSize, size = Math.Min(batchSize, count - from);
                    for (int k = from; k < from + size; k++)
                    {
                        _batchRows.Add(pool[k].Sequence);
                        _batchLabels.Add(pool[k].Label);
                        if (_hasStates)
                            _batchStates.Add(pool[k].State);
                    }

                    yield return new TrainingBatch(_batchRows, _batchLabels, new ArraySegment<int>(_identity, 0, size), _hasStates ? _batchStates : null);
                }

                for (int k = 0; k < count; k++)
                    _spare.Push(pool[k]);
            }
        }
    }

    private Slot NewSlot() => _spare.Count > 0 ? _spare.Pop() : new Slot();

    /// <summary>One row of the shuffle buffer, in arrays reused from row to row.</summary>
    private sealed class Slot
    {
        private float[] _sequence = Array.Empty<float>();
        private float[] _label = Array.Empty<float>();
        private float[] _state = Array.Empty<float>();
        private int _sequenceLength;
        private int _labelLength;

        public ReadOnlySpan<float> Sequence => _sequence.AsSpan(0, _sequenceLength);

        public ReadOnlySpan<float> Label => _label.AsSpan(0, _labelLength);

        /// <summary>The row's initial state (empty when the model has none), travelling with the row through the buffer,
        /// the pools and their sorting by length.</summary>
        public ReadOnlySpan<float> State => _state;

        public void Fill(SequenceRowReader reader, SequenceLabels scratch)
        {
            scratch.Clear();
            var sequence = reader.Read(scratch);
            var label = scratch.Row(0);
            if (_sequence.Length < sequence.Length)
                _sequence = new float[sequence.Length];
            if (_label.Length < label.Length)
                _label = new float[label.Length];
            sequence.CopyTo(_sequence);
            label.CopyTo(_label);
            _sequenceLength = sequence.Length;
            _labelLength = label.Length;
            if (_state.Length != reader.State.Length)
                _state = new float[reader.State.Length];
            reader.State.CopyTo(_state);
        }
    }
}
