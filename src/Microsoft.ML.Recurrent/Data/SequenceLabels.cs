using System;
using System.Collections;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>
/// The labels of the rows read for training: one value per row (many-to-one) or one value per step (per-step models),
/// all held end to end in one list, so reading allocates nothing per row. As a list it is every value in order, so for
/// one value per row, item <c>i</c> is row <c>i</c>'s label.
/// </summary>
internal sealed class SequenceLabels : IReadOnlyList<float>
{
    private readonly List<float> _values = new();
    private readonly List<int> _starts = new() { 0 };

    /// <summary>Number of rows.</summary>
    public int Rows => _starts.Count - 1;

    /// <summary>Number of values (rows for one value per row, valid steps for per-step labels).</summary>
    public int Count => _values.Count;

    /// <summary>Value <paramref name="index"/> in order.</summary>
    public float this[int index] => _values[index];

    /// <summary>The values of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row)
        => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values).Slice(_starts[row], _starts[row + 1] - _starts[row]);

    /// <summary>Index of the first value of row <paramref name="row"/>.</summary>
    public int Start(int row) => _starts[row];

    /// <summary>Number of values of row <paramref name="row"/>.</summary>
    public int Length(int row) => _starts[row + 1] - _starts[row];

    /// <summary>The labels of rows <paramref name="indices"/> padded to the longest of them, row-major (B × T), with
    /// <paramref name="padding"/> after each row's end and each value passed through <paramref name="convert"/>.</summary>
    public (T[] Values, int Steps) Padded<T>(ReadOnlySpan<int> indices, T padding, Func<float, T> convert)
    {
        int steps = 0;
        foreach (var i in indices)
            steps = Math.Max(steps, Length(i));
        var values = new T[indices.Length * steps];
        Array.Fill(values, padding);
        for (int b = 0; b < indices.Length; b++)
        {
            var row = Row(indices[b]);
            for (int t = 0; t < row.Length; t++)
                values[b * steps + t] = convert(row[t]);
        }

        return (values, steps);
    }

    /// <summary>Forgets every row; keeps the memory.</summary>
    public void Clear()
    {
        _values.Clear();
        _starts.RemoveRange(1, _starts.Count - 1);
    }

    /// <summary>Adds a row with one value.</summary>
    public void Add(float value)
    {
        _values.Add(value);
        _starts.Add(_values.Count);
    }

    /// <summary>Adds a row with <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
            _values.Add(v);
        _starts.Add(_values.Count);
    }

    /// <inheritdoc/>
    public IEnumerator<float> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
