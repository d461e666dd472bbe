using System;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Rows held as one array each (the training and validation data read into memory).</summary>
internal sealed class SequenceArrayRows : ISequenceRows
{
    private readonly IReadOnlyList<float[]> _rows;

    public SequenceArrayRows(IReadOnlyList<float[]> rows) => _rows = rows;

    public int Count => _rows.Count;

    public ReadOnlySpan<float> this[int index] => _rows[index];
}
