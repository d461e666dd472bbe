namespace Microsoft.ML.Recurrent.Benchmarks.HandWritten;

/// <summary>What a benchmark network is: cell, sizes and task.</summary>
/// <param name="Cell">Recurrent cell.</param>
/// <param name="InputSize">Values per step (D).</param>
/// <param name="HiddenSize">Hidden size (H).</param>
/// <param name="Layers">Stacked layers (L).</param>
/// <param name="Task">What is learned.</param>
/// <param name="Classes">Classes for multiclass classification.</param>
/// <param name="Outputs">Outputs of a regression network (a direct forecaster's horizon).</param>
internal sealed record NetworkSpec(RecurrentCellType Cell, int InputSize, int HiddenSize, int Layers, BenchTask Task, int Classes = 0, int Outputs = 1)
{
    /// <summary>Network outputs per sequence (O).</summary>
    public int OutputSize => Task == BenchTask.Multiclass ? Classes : Task == BenchTask.Regression ? Outputs : 1;

    /// <summary>For the report: "LSTM 1→64".</summary>
    public string Describe()
        => $"{Cell.ToString().ToUpperInvariant()} {InputSize}→{HiddenSize}{(Layers > 1 ? $"×{Layers}" : "")}";
}

/// <summary>The task of a benchmark workload.</summary>
internal enum BenchTask
{
    Regression,
    Binary,
    Multiclass,
}
