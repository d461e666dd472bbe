using System;
using System.Collections.Generic;
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
    }

    public RecurrentNetwork Network { get; }

    public SeriesLayout Layout { get; }

    /// <summary>Standardises covariates with training statistics (C channels).</summary>
    public FeatureScaler CovariateScaler { get; }

    /// <summary>Root-mean-square calibration residual per horizon step, in window-standardised units.</summary>
    public float[] ResidualScale { get; set; }

    public Device Device { get; }

    public int BatchSize { get; }

    /// <summary>Forecasts <paramref name="horizon"/> steps for each window, in raw units: (windows × horizon) values.</summary>
    public float[] Forecast(IReadOnlyList<ForecastWindow> windows, int horizon)
    {
        var result = new float[windows.Count * horizon];
        for (int start = 0; start < windows.Count; start += BatchSize)
        {
            int count = Math.Min(BatchSize, windows.Count - start);
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
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

    /// <summary>Lower and upper bounds around <paramref name="forecast"/> at <paramref name="level"/>: forecast ± z·σ(h)·scale.</summary>
    public (float[] Lower, float[] Upper) Bounds(IReadOnlyList<ForecastWindow> windows, float[] forecast, int horizon, float level)
    {
        double z = Probit(0.5 + level / 2.0);
        var lower = new float[forecast.Length];
        var upper = new float[forecast.Length];
        for (int w = 0; w < windows.Count; w++)
        {
            var (_, scale) = WindowScaling.Of(windows[w].Values);
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

    /// <summary>Builds the network input (B, W, D) for windows[start..start+count), standardised.</summary>
    public Tensor Inputs(IReadOnlyList<ForecastWindow> windows, int start, int count, float[] means, float[] scales)
    {
        int w = Layout.WindowSize, d = Layout.StepSize, c = Layout.CovariateCount;
        var buffer = new float[count * w * d];
        var covariate = new float[c];
        for (int b = 0; b < count; b++)
        {
            var window = windows[start + b];
            var (mean, scale) = WindowScaling.Of(window.Values);
            means[b] = mean;
            scales[b] = scale;
            for (int t = 0; t < w; t++)
            {
                int o = (b * w + t) * d;
                buffer[o] = (window.Values[t] - mean) / scale;
                if (c > 0)
                {
                    CovariateScaler.Apply(window.Covariates.AsSpan(t * c, c), covariate);
                    covariate.CopyTo(buffer, o + 1);
                }
            }
        }

        return tensor(buffer, new long[] { count, w, d }).to(Device);   // -> (B, W, D)
    }

    /// <summary>Builds the output layer's extra input (B, H·F): the known-future covariates, standardised.</summary>
    public Tensor? Extra(IReadOnlyList<ForecastWindow> windows, int start, int count)
    {
        int f = Layout.FutureCovariates.Count, p = Layout.PastCovariates.Count, h = Layout.Horizon;
        if (f == 0 || Layout.Strategy != ForecastStrategy.Direct)
            return null;
        var buffer = new float[count * h * f];
        var all = new float[Layout.CovariateCount];
        var scaled = new float[Layout.CovariateCount];
        for (int b = 0; b < count; b++)
        {
            var future = windows[start + b].FutureCovariates;
            if (future is null || future.Length < h * f)
            {
                throw new InvalidOperationException(
                    $"Forecasting with the known-future covariates [{string.Join(", ", Layout.FutureCovariates)}] needs their values for the next {h} steps; " +
                    $"got {(future is null ? "none" : (future.Length / f).ToString(System.Globalization.CultureInfo.InvariantCulture))}. Pass them to the forecast engine, or score data that continues past each row.");
            }

            for (int s = 0; s < h; s++)
            {
                Array.Clear(all);
                Array.Copy(future, s * f, all, p, f);
                CovariateScaler.Apply(all, scaled);
                Array.Copy(scaled, p, buffer, (b * h + s) * f, f);
            }
        }

        return tensor(buffer, new long[] { count, h * f }).to(Device);   // -> (B, H·F)
    }

    private void Direct(IReadOnlyList<ForecastWindow> windows, int start, int count, int horizon, float[] result)
    {
        if (horizon > Layout.Horizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon),
                $"A direct forecaster trained for Horizon {Layout.Horizon} cannot forecast {horizon} steps; ask for at most {Layout.Horizon}, or train with Strategy = ForecastStrategy.Recursive.");
        }

        var means = new float[count];
        var scales = new float[count];
        var input = Inputs(windows, start, count, means, scales);                     // -> (B, W, D)
        var lengths = full(count, (long)Layout.WindowSize, dtype: int64);
        var output = Network.Forward(input, lengths, Extra(windows, start, count));   // -> (B, H)
        var values = output.cpu().data<float>().ToArray();
        for (int b = 0; b < count; b++)
        {
            var window = windows[start + b].Values;
            for (int h = 0; h < horizon; h++)
                result[(start + b) * horizon + h] = Unscale(values[b * Layout.Horizon + h], means[b], scales[b], Layout.SeasonalBase(window, h));
        }
    }

    private void Recursive(IReadOnlyList<ForecastWindow> windows, int start, int count, int horizon, float[] result)
    {
        int w = Layout.WindowSize, c = Layout.CovariateCount, p = Layout.PastCovariates.Count, f = Layout.FutureCovariates.Count;
        var rolling = new ForecastWindow[count];
        for (int b = 0; b < count; b++)
        {
            var source = windows[start + b];
            rolling[b] = new ForecastWindow((float[])source.Values.Clone(), (float[]?)source.Covariates?.Clone(), source.FutureCovariates);
        }

        var means = new float[count];
        var scales = new float[count];
        var lengths = full(count, (long)w, dtype: int64);
        for (int h = 0; h < horizon; h++)
        {
            using var step = NewDisposeScope();
            var input = Inputs(rolling, 0, count, means, scales);                    // -> (B, W, D)
            var next = Network.Forward(input, lengths, null).cpu().data<float>().ToArray();   // -> (B, 1)
            for (int b = 0; b < count; b++)
            {
                float value = Unscale(next[b], means[b], scales[b], Layout.SeasonalBase(rolling[b].Values, 0));
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

    /// <summary>A network output back in raw units: standardised value (or, with a seasonal period, the standardised
    /// correction to the seasonal naive forecast <paramref name="seasonalBase"/>).</summary>
    public float Unscale(float output, float mean, float scale, float seasonalBase)
        => Layout.SeasonalPeriod > 0 ? seasonalBase + output * scale : output * scale + mean;

    /// <summary>The training target of a raw future value, the inverse of <see cref="Unscale"/>.</summary>
    public float Target(float actual, float mean, float scale, float seasonalBase)
        => Layout.SeasonalPeriod > 0 ? (actual - seasonalBase) / scale : (actual - mean) / scale;

    /// <summary>Writes the weights.</summary>
    public void SaveWeights(BinaryWriter writer)
    {
        lock (_lock)
        {
            if (Device.type != DeviceType.CPU)
                Network.to(CPU);
            Network.save(writer);
            if (Device.type != DeviceType.CPU)
                Network.to(Device);
        }
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
