using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Sequences read from an <see cref="IDataView"/>: raw values flattened time-major, with their labels.</summary>
internal sealed class SequenceDataset
{
    public SequenceDataset(int inputSize, List<float[]> features, SequenceLabels labels, List<float[]>? states = null)
    {
        InputSize = inputSize;
        Features = features;
        Labels = labels;
        States = states;
    }

    /// <summary>Values per time step.</summary>
    public int InputSize { get; }

    /// <summary>One flattened sequence per row.</summary>
    public List<float[]> Features { get; }

    /// <summary>The labels: one per row (0/1, a class index, or a number) or one per step for per-step models.</summary>
    public SequenceLabels Labels { get; }

    /// <summary>Each row's complete initial state, when the model has an initial-state column; otherwise null.</summary>
    public List<float[]>? States { get; }

    /// <summary>Each row's initial state as batch rows, or null.</summary>
    public ISequenceRows? StateRows => States is null ? null : new SequenceArrayRows(States);

    /// <summary>Number of rows.</summary>
    public int Count => Features.Count;
}
