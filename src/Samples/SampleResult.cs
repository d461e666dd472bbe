namespace Samples;

/// <summary>The outcome of one sample.</summary>
/// <param name="Succeeded">Whether the sample's own success condition held.</param>
/// <param name="Summary">One line: what was measured against what.</param>
public sealed record SampleResult(bool Succeeded, string Summary);
