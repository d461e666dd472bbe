namespace Samples;

/// <summary>The outcome of one sample.</summary>
/// <param name="Succeeded">Whether the sample's own success condition held.</param>
/// <param name="Summary">One line: what was measured against what.</param>
public sealed record SampleResult(bool Succeeded, string Summary)
{
    /// <summary>A documented bar the sample ran correctly but did not reach (why, in a few words), or null. The run
    /// reports it as SHORT instead of PASS and does not fail for it; an undocumented miss is a FAIL.</summary>
    public string? Shortfall { get; init; }
}
