using System;
using Microsoft.ML.Data;

namespace Samples.Tutorials;

/// <summary>A sequence with a number to predict.</summary>
public sealed class NumberRow
{
    /// <summary>The sequence, flattened time-major.</summary>
    [VectorType]
    public float[] Features { get; set; } = [];

    /// <summary>The number.</summary>
    public float Label { get; set; }
}

/// <summary>A sequence with a class to predict.</summary>
public sealed class ClassRow
{
    /// <summary>The sequence, flattened time-major.</summary>
    [VectorType]
    public float[] Features { get; set; } = [];

    /// <summary>The class.</summary>
    public string Label { get; set; } = "";
}

/// <summary>A sequence with a yes/no answer.</summary>
public sealed class BinaryRow
{
    /// <summary>The sequence, flattened time-major.</summary>
    [VectorType]
    public float[] Features { get; set; } = [];

    /// <summary>The answer.</summary>
    public bool Label { get; set; }
}

/// <summary>A sequence with a number to predict at every step.</summary>
public sealed class StepNumberRow
{
    /// <summary>The sequence, flattened time-major.</summary>
    [VectorType]
    public float[] Features { get; set; } = [];

    /// <summary>One number per step.</summary>
    [VectorType]
    public float[] Label { get; set; } = [];
}

/// <summary>A sequence with a class to predict at every step.</summary>
public sealed class StepClassRow
{
    /// <summary>The sequence, flattened time-major.</summary>
    [VectorType]
    public float[] Features { get; set; } = [];

    /// <summary>One class per step.</summary>
    [VectorType]
    public string[] Label { get; set; } = [];
}

/// <summary>What a per-step model returns for one sequence.</summary>
public sealed class StepScoreRow
{
    /// <summary>One score per step (regression), or steps × classes probabilities (classification).</summary>
    [VectorType]
    public float[] Score { get; set; } = [];
}

/// <summary>Shared helpers of the tutorial samples.</summary>
internal static class Tutorial
{
    public static string Invariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
