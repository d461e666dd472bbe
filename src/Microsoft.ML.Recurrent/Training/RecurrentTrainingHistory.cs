using System.Collections.Generic;

namespace Microsoft.ML.Recurrent;

/// <summary>Per-epoch losses and metrics of a training run, kept with the fitted model (and saved with it).</summary>
public sealed class RecurrentTrainingHistory
{
    internal RecurrentTrainingHistory(IReadOnlyList<RecurrentEpochMetrics> epochs, string metricName, int? bestEpoch, bool stoppedEarly)
    {
        Epochs = epochs;
        MetricName = metricName;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
    }

    /// <summary>One entry per epoch run, in order.</summary>
    public IReadOnlyList<RecurrentEpochMetrics> Epochs { get; }

    /// <summary>Name of <see cref="RecurrentEpochMetrics.ValidationMetric"/>: "Accuracy" or "RMSE".</summary>
    public string MetricName { get; }

    /// <summary>The epoch whose weights the model kept (lowest validation loss), or null without a validation set.</summary>
    public int? BestEpoch { get; }

    /// <summary>Whether early stopping ended training before <c>NumberOfEpochs</c>.</summary>
    public bool StoppedEarly { get; }
}
