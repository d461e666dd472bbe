using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>
/// Scores held-out windows: their loss (to choose the best epoch) and the spread of their forecast errors per horizon
/// step (which sets the bounds). A direct model gets both from one pass over the windows; a recursive one's loss is
/// one step ahead, so its spread needs a forecast of all H steps (<see cref="Residuals"/>).
/// </summary>
internal static class ForecastCalibration
{
    /// <summary>One pass over <paramref name="windows"/> with the network as it is: the mean <paramref name="loss"/> in the
    /// network's (window-standardised) units and, for a direct model, the sums of squared scaled errors per step (the
    /// spread of the bounds is a root mean square whatever the training loss).</summary>
    /// <remarks>Call inside the training thread scope; the network is left in training mode.</remarks>
    public static (double Loss, double[]? SumSquares) Score(ForecastModel model, SeriesWindows windows, ForecastLoss loss)
    {
        var layout = model.Layout;
        bool direct = layout.Strategy == ForecastStrategy.Direct;
        int outputs = direct ? layout.Horizon : 1;
        var sumSquares = direct ? new double[outputs] : null;
        var means = new float[model.ScoringBatchSize];
        var scales = new float[model.ScoringBatchSize];
        double lossSum = 0;
        model.Network.eval();
        using (no_grad())
        {
            for (int start = 0; start < windows.Count; start += model.ScoringBatchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(model.ScoringBatchSize, windows.Count - start);
                var values = model.Forward(windows, start, count, means, scales).cpu().data<float>().ToArray();   // (B, O) values
                for (int b = 0; b < count; b++)
                {
                    var window = windows.Values(start + b);
                    var actual = windows.Targets(start + b, outputs);
                    for (int k = 0; k < outputs; k++)
                    {
                        float seasonalBase = layout.SeasonalBase(window, k);
                        float value = values[b * outputs + k];
                        double error = value - (double)layout.Target(actual[k], means[b], scales[b], seasonalBase);
                        lossSum += ForecastLossFunction.Of(loss, error);
                        if (sumSquares is not null)
                            Add(sumSquares, k, actual[k], layout.Unscale(value, means[b], scales[b], seasonalBase), scales[b]);
                    }
                }
            }
        }

        model.Network.train();
        return (lossSum / ((double)windows.Count * outputs), sumSquares);
    }

    /// <summary>Forecasts every window over the whole horizon with the model as trained and sums the squared scaled
    /// errors per step (what <see cref="Score"/> gives a direct model in passing).</summary>
    public static double[] Residuals(ForecastModel model, SeriesWindows windows)
    {
        int h = model.Layout.Horizon;
        var forecast = model.Forecast(windows, h);
        var sumSquares = new double[h];
        for (int i = 0; i < windows.Count; i++)
        {
            var (_, scale) = WindowScaling.Of(windows.Values(i));
            var actual = windows.Targets(i, h);
            for (int k = 0; k < h; k++)
                Add(sumSquares, k, actual[k], forecast[i * h + k], scale);
        }

        return sumSquares;
    }

    /// <summary>Root mean square per step of the sums of <paramref name="count"/> windows.</summary>
    public static float[] Scale(double[] sumSquares, int count)
    {
        var result = new float[sumSquares.Length];
        for (int k = 0; k < result.Length; k++)
            result[k] = (float)Math.Sqrt(sumSquares[k] / count);
        return result;
    }

    private static void Add(double[] sumSquares, int step, float actual, float forecast, float scale)
    {
        double e = (actual - forecast) / scale;
        sumSquares[step] += e * e;
    }
}
