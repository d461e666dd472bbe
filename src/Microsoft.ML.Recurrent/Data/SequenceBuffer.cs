using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>
/// A reusable batch of rows read from a cursor: every row's values end to end in one growing array, so scoring
/// allocates nothing per row once the buffer has reached the size of the largest batch.
/// </summary>
internal sealed class SequenceBuffer : ISequenceRows
{
    private float[] _values = Array.Empty<float>();
    private int[] _starts = new int[1];
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<float> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The buffer holds {_count} rows.");
            return _values.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
        }
    }

    /// <summary>Forgets the rows; keeps the memory.</summary>
    public void Clear() => _count = 0;

    /// <summary>Appends a row, checking it like <see cref="SequenceColumn.ToArray"/> does.</summary>
    public void Add(in VBuffer<float> buffer, string column, long row, int inputSize, bool scoring)
    {
        int length = SequenceColumn.CheckedLength(buffer, column, row, inputSize, scoring);
        var destination = Append(length);
        buffer.CopyTo(destination);
        SequenceColumn.CheckFinite(destination, column, row, inputSize);
    }

    /// <summary>Appends a row that was already checked.</summary>
    public void Add(ReadOnlySpan<float> values) => values.CopyTo(Append(values.Length));

    private Span<float> Append(int length)
    {
        int start = _starts[_count];
        if (_values.Length < start + length)
            Array.Resize(ref _values, Math.Max(start + length, _values.Length * 2));
        if (_starts.Length < _count + 2)
            Array.Resize(ref _starts, _starts.Length * 2);
        _starts[_count + 1] = start + length;
        _count++;
        return _values.AsSpan(start, length);
    }
}
