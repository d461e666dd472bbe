namespace Samples;

/// <summary>A runnable sample: trains and checks something, and says whether its own success condition held.</summary>
public interface ISample
{
    /// <summary>The name used on the command line (case-insensitive).</summary>
    string Name { get; }

    /// <summary>One line saying what the sample shows.</summary>
    string Description { get; }

    /// <summary>Runs the sample, writing its progress and results to the console.</summary>
    /// <param name="settings">How long to train.</param>
    /// <returns>Whether the success condition held, and a one-line summary.</returns>
    SampleResult Run(SampleSettings settings);
}
