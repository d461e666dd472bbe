using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Sequences read from an <see cref="IDataView"/>: raw values flattened time-major, with one label each.</summary>
internal sealed class SequenceDataset
{
    public SequenceDataset(int inputSize, List<float[]> features, List<float> labels)
    {
        InputSize = inputSize;
        Features = features;
        Labels = labels;
    }

    /// <summary>Values per time step.</summary>
    public int InputSize { get; }

    /// <summary>One flattened sequence per row.</summary>
    public List<float[]> Features { get; }

    /// <summary>One label per row: 0/1, a class index, or a number.</summary>
    public List<float> Labels { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Features.Count;
}
