using System;

namespace Microsoft.ML.Recurrent;

/// <summary>What one training epoch measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's mini-batches.</param>
/// <param name="ValidationLoss">Loss on the validation set after the epoch, or null without one.</param>
/// <param name="ValidationMetric">The validation metric (accuracy, or RMSE for regression), or null.</param>
/// <param name="Duration">Wall-clock time of the epoch.</param>
public sealed record RecurrentEpochMetrics(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationMetric, TimeSpan Duration);
