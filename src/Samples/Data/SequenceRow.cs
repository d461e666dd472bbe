using Microsoft.ML.Data;

namespace Samples.Data;

/// <summary>One labelled sequence: the values flattened time-major (step 0's channels, then step 1's, ...).</summary>
public sealed class SequenceRow
{
    /// <summary>The sequence, <c>length × channels</c> values; the length may differ from row to row.</summary>
    [VectorType]
    public float[] Features { get; set; } = [];

    /// <summary>The class label exactly as written in the data file.</summary>
    public string Label { get; set; } = "";
}
