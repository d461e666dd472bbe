using System;
using System.Collections.Generic;

namespace Microsoft.ML.Recurrent;

/// <summary>What one training epoch measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's mini-batches.</param>
/// <param name="ValidationLoss">Loss on the validation set after the epoch, or null without one.</param>
/// <param name="ValidationMetric">The validation metric (accuracy, or RMSE for regression), or null.</param>
/// <param name="Duration">Wall-clock time of the epoch.</param>
public sealed record RecurrentEpochMetrics(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationMetric, TimeSpan Duration)
{
    /// <summary>Mean gradient L2 norm per layer over the epoch's steps ("recurrent.l0", "recurrent.l0_reverse", …, "head"),
    /// before clipping; null unless <see cref="RecurrentSupervisedOptions.RecordGradientDiagnostics"/> is on. Not saved with the model.</summary>
    public IReadOnlyDictionary<string, double>? GradientNorms { get; init; }

    /// <summary>‖∂loss/∂x_t‖ for each time step t of a probe batch (the first BatchSize training rows) after the epoch:
    /// how strongly each step still drives the loss. Null unless diagnostics are on. Not saved with the model.</summary>
    public IReadOnlyList<double>? InputGradientNorms { get; init; }
}
