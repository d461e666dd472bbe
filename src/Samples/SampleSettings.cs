namespace Samples;

/// <summary>Settings shared by every sample.</summary>
/// <param name="Quick">Train for a few epochs only (for a fast smoke test); the success conditions are relaxed to match.</param>
public sealed record SampleSettings(bool Quick)
{
    /// <summary>The seed of every <c>MLContext</c>, so that results are reproducible.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Forecasting samples only: score the validation origins at the end of the training rows instead of the
    /// test rows (which are then never read), to choose settings without looking at the test.</summary>
    public bool Validate { get; init; }
}
