using System;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Rows of flattened time-major sequences that batches are built from.</summary>
internal interface ISequenceRows
{
    /// <summary>Number of rows.</summary>
    int Count { get; }

    /// <summary>The values of row <paramref name="index"/>: steps × input size.</summary>
    ReadOnlySpan<float> this[int index] { get; }
}
