using System;
using System.IO;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>A trained forecasting network with its scaling and calibrated residual spread: turns raw windows into raw
/// forecasts and bounds, a batch per forward pass.</summary>
internal sealed class ForecastModel : IDisposable
{
    /// <summary>Gate activations (floats) one scoring pass aims at: about 12 MB, what the caches hold.</summary>
    private const double ScoringActivations = 3_000_000;

    private readonly object _lock = new();
    private bool _disposed;

    public ForecastModel(RecurrentNetwork network, SeriesLayout layout, FeatureScaler covariateScaler, float[] residualScale, Device device, int batchSize)
    {
        Network = network;
        Layout = layout;
        CovariateScaler = covariateScaler;
        ResidualScale = residualScale;
        Device = device;
        BatchSize = batchSize;
        int futureSteps = layout.Strategy == ForecastStrategy.Direct ? layout.Horizon : network.Shape.ExtraInputSize > 0 ? 1 : 0;
        Inputs = new ForecastInputs(layout, covariateScaler, device, futureSteps);
        ScoringBatchSize = ScoringBatch(network.Shape, layout.WindowSize);
    }

    public RecurrentNetwork Network { get; }

    public SeriesLayout Layout { get; }

    /// <summary>Standardises covariates with training statistics (C channels).</summary>
    public FeatureScaler CovariateScaler { get; }

    /// <summary>Root-mean-square calibration residual per horizon step, in window-standardised units.</summary>
    public float[] ResidualScale { get; set; }

    public Device Device { get; }

    /// <summary>The training batch size (stored with the model).</summary>
    public int BatchSize { get; }

    /// <summary>Builds the network's input tensors from windows.</summary>
    public ForecastInputs Inputs { get; }

    /// <summary>Windows per forward pass when scoring (see <see cref="ScoringBatch"/>).</summary>
    public int ScoringBatchSize { get; }

    /// <summary>Forecasts <paramref name="horizon"/> steps for each window, in raw units: (windows × horizon) values.</summary>
    public float[] Forecast(IForecastWindows windows, int horizon)
    {
        CheckHorizon(horizon);
        var result = new float[windows.Count * horizon];
        for (int start = 0; start < windows.Count; start += ScoringBatchSize)
        {
            int count = Math.Min(ScoringBatchSize, windows.Count - start);
            lock (_lock)
            {
                ThrowIfDisposed("forecast");
                using var threads = ThreadCount.Use(ThreadCount.Choose(Network.Shape, count, null));
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                Network.eval();
                if (Layout.Strategy == ForecastStrategy.Direct)
                    Direct(windows, start, count, horizon, result);
                else
                    Recursive(windows, start, count, horizon, result);
            }
        }

        return result;
    }

    /// <summary>Throws when a direct model is asked for more steps than it was trained for.</summary>
    public void CheckHorizon(int horizon)
    {
        if (Layout.Strategy == ForecastStrategy.Direct && horizon > Layout.Horizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon),
                $"A direct forecaster trained for Horizon {Layout.Horizon} cannot forecast {horizon} steps; ask for at most {Layout.Horizon}, or train with Strategy = ForecastStrategy.Recursive.");
        }
    }

    /// <summary>The network's raw outputs (B, O) for windows [start, start + count) of <paramref name="windows"/>, each
    /// standardised by its own mean and scale (written to <paramref name="means"/> and <paramref name="scales"/>), with
    /// the known-future covariates of a direct model. Call inside a dispose scope.</summary>
    public Tensor Forward(IForecastWindows windows, int start, int count, Span<float> means, Span<float> scales)
    {
        var input = Inputs.Values(windows, start, count, means, scales);                     // -> (B, W, D)
        using var windowSize = ((long)Layout.WindowSize).ToScalar();   // held explicitly: see AdamOptimizer's remarks
        var lengths = full(count, windowSize, dtype: int64);                                  // -> (B)
        return Network.Forward(input, lengths, Inputs.Extra(windows, start, count));          // -> (B, O)
    }

    /// <summary>Lower and upper bounds around <paramref name="forecast"/> at <paramref name="level"/>: forecast ± z·σ(h)·scale.</summary>
    public (float[] Lower, float[] Upper) Bounds(IForecastWindows windows, float[] forecast, int horizon, float level)
    {
        double z = Probit(0.5 + level / 2.0);
        var lower = new float[forecast.Length];
        var upper = new float[forecast.Length];
        for (int w = 0; w < windows.Count; w++)
        {
            var (_, scale) = WindowScaling.Of(windows.Values(w));
            for (int h = 0; h < horizon; h++)
            {
                float sigma = ResidualScale[Math.Min(h, ResidualScale.Length - 1)] * scale;
                if (h >= ResidualScale.Length)
                    sigma *= MathF.Sqrt((h + 1f) / ResidualScale.Length);   // beyond the calibrated horizon: random-walk growth
                int i = w * horizon + h;
                lower[i] = (float)(forecast[i] - z * sigma);
                upper[i] = (float)(forecast[i] + z * sigma);
            }
        }

        return (lower, upper);
    }

    /// <summary>
    /// Windows per forward pass when scoring, chosen so that one pass's gate activations (windows × W × gates × H ×
    /// directions floats) stay near <see cref="ScoringActivations"/>, between 8 and 256 windows. Scoring results do not
    /// depend on it (each window's forward pass is independent of the others'). Measured with LSTM 1→64 on one core:
    /// for W = 48, 256 windows per pass were 25% faster than 32; for W = 168, 64 were 45% faster than 128 or 256.
    /// </summary>
    public static int ScoringBatch(NetworkShape shape, int windowSize)
    {
        int gates = shape.CellType switch
        {
            RecurrentCellType.Lstm => 4,
            RecurrentCellType.Gru => 3,
            _ => 1,
        };
        double perWindow = (double)windowSize * gates * shape.HiddenSize * shape.Directions;
        return (int)Math.Clamp(ScoringActivations / perWindow, 8, 256);
    }

    private void Direct(IForecastWindows windows, int start, int count, int horizon, float[] result)
    {
        var means = new float[count];
        var scales = new float[count];
        var values = Forward(windows, start, count, means, scales).cpu().data<float>().ToArray();   // (B, H) values
        for (int b = 0; b < count; b++)
        {
            var window = windows.Values(start + b);
            for (int h = 0; h < horizon; h++)
                result[(start + b) * horizon + h] = Layout.Unscale(values[b * Layout.Horizon + h], means[b], scales[b], Layout.SeasonalBase(window, h));
        }
    }

    private void Recursive(IForecastWindows windows, int start, int count, int horizon, float[] result)
    {
        int w = Layout.WindowSize, c = Layout.CovariateCount, p = Layout.PastCovariates.Count, f = Layout.FutureCovariates.Count;
        var rolling = new ForecastWindow[count];
        for (int b = 0; b < count; b++)
            rolling[b] = Copy(windows, start + b);
        var list = new ForecastWindowList(rolling, Layout);

        var means = new float[count];
        var scales = new float[count];
        using var windowSize = ((long)w).ToScalar();
        var lengths = full(count, windowSize, dtype: int64);
        for (int h = 0; h < horizon; h++)
        {
            using var step = NewDisposeScope();
            var input = Inputs.Values(list, 0, count, means, scales);                         // -> (B, W, D)
            var extra = Inputs.FutureSteps > 0 ? Inputs.StepExtra(rolling, h) : null;         // -> (B, F): this step's known-future covariates
            var next = Network.Forward(input, lengths, extra).cpu().data<float>().ToArray();  // -> (B, 1)
            for (int b = 0; b < count; b++)
            {
                float value = Layout.Unscale(next[b], means[b], scales[b], Layout.SeasonalBase(rolling[b].Values, 0));
                result[(start + b) * horizon + h] = value;
                var r = rolling[b];
                Array.Copy(r.Values, 1, r.Values, 0, w - 1);
                r.Values[w - 1] = value;
                if (c > 0)
                {
                    // Past-observed covariates hold their last value; known-future ones come from the caller when given.
                    Array.Copy(r.Covariates!, c, r.Covariates!, 0, (w - 1) * c);
                    if (f > 0 && r.FutureCovariates is float[] future && future.Length >= (h + 1) * f)
                        Array.Copy(future, h * f, r.Covariates!, (w - 1) * c + p, f);
                }
            }
        }
    }

    /// <summary>A copy of window <paramref name="index"/> that recursive forecasting can roll forward.</summary>
    private ForecastWindow Copy(IForecastWindows windows, int index)
    {
        int f = Layout.FutureCovariates.Count, known = windows.FutureSteps(index);
        float[]? future = null;
        if (known > 0)
        {
            future = new float[known * f];
            for (int k = 0; k < known; k++)
                windows.FutureStep(index, k).CopyTo(future.AsSpan(k * f, f));
        }

        var covariates = windows.Covariates(index);
        return new ForecastWindow(windows.Values(index).ToArray(), covariates.IsEmpty ? null : covariates.ToArray(), future);
    }

    /// <summary>Writes the weights.</summary>
    public void SaveWeights(BinaryWriter writer)
    {
        lock (_lock)
        {
            ThrowIfDisposed("be saved");
            if (Device.type != DeviceType.CPU)
                Network.to(CPU);
            Network.save(writer);
            if (Device.type != DeviceType.CPU)
                Network.to(Device);
        }
    }

    /// <summary>Throws when the model was disposed (call under the lock), naming what could not be done.</summary>
    private void ThrowIfDisposed(string action)
    {
        if (_disposed)
            throw new ObjectDisposedException(nameof(ForecastModel), ErrorMessages.ModelDisposed(action));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            Network.Dispose();
        }
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double Probit(double p)
    {
        if (p <= 0 || p >= 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "Expected a probability in (0, 1).");
        double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
        double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
        double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
        double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
            return -Probit(1 - p);
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
