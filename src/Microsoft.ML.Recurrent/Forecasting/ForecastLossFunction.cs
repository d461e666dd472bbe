using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>The arithmetic of a <see cref="ForecastLoss"/>: on a batch of tensors for training, on one error for the
/// calibration windows, and the metric reported in the training history.</summary>
internal static class ForecastLossFunction
{
    /// <summary>The mean loss of a batch: (B, O) outputs against (B, O) targets -> ().</summary>
    public static Tensor Mean(ForecastLoss loss, Tensor output, Tensor target) => loss switch
    {
        ForecastLoss.AbsoluteError => nn.functional.l1_loss(output, target),
        _ => nn.functional.mse_loss(output, target),
    };

    /// <summary>The loss of one error (output minus target).</summary>
    public static double Of(ForecastLoss loss, double error) => loss == ForecastLoss.AbsoluteError ? Math.Abs(error) : error * error;

    /// <summary>The name of <see cref="RecurrentEpochMetrics.ValidationMetric"/> in the training history.</summary>
    public static string MetricName(ForecastLoss loss) => loss == ForecastLoss.AbsoluteError ? "MAE (standardised)" : "RMSE (standardised)";

    /// <summary>The history's metric from a mean loss: its root for squared error, itself for absolute error.</summary>
    public static double Metric(ForecastLoss loss, double meanLoss) => loss == ForecastLoss.AbsoluteError ? meanLoss : Math.Sqrt(meanLoss);
}
