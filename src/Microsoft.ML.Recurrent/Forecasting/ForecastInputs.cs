using System;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.Recurrent.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>
/// Builds a batch's network tensors from windows: each window is standardised by its own mean and scale and written
/// straight into the tensor's memory (one pass over the values, nothing allocated per window).
/// </summary>
internal sealed class ForecastInputs
{
    private readonly SeriesLayout _layout;
    private readonly FeatureScaler _covariateScaler;
    private readonly Device _device;

    /// <param name="layout">The series layout.</param>
    /// <param name="covariateScaler">Standardises covariates (C channels).</param>
    /// <param name="device">Where tensors go.</param>
    /// <param name="futureSteps">The steps whose known-future covariates the output layer takes: the horizon for a
    /// direct model, 1 for a recursive one (the step it forecasts), 0 for none (a recursive model saved before
    /// recursive models took them).</param>
    public ForecastInputs(SeriesLayout layout, FeatureScaler covariateScaler, Device device, int futureSteps)
    {
        _layout = layout;
        _covariateScaler = covariateScaler;
        _device = device;
        FutureSteps = layout.FutureCovariates.Count == 0 ? 0 : futureSteps;
    }

    /// <summary>The steps after a window whose known-future covariates the network takes (0 when it takes none).</summary>
    public int FutureSteps { get; }

    /// <summary>The input (B, W, D) of windows [start, start + count), standardised: value then scaled covariates per
    /// step. Each window's mean and scale go to <paramref name="means"/> and <paramref name="scales"/>.</summary>
    public Tensor Values(IForecastWindows windows, int start, int count, Span<float> means, Span<float> scales)
    {
        int w = _layout.WindowSize, d = _layout.StepSize, c = _layout.CovariateCount;
        var input = empty(new long[] { count, w, d });                            // -> (B, W, D)
        var buffer = MemoryMarshal.Cast<byte, float>(input.bytes);
        for (int b = 0; b < count; b++)
        {
            var values = windows.Values(start + b);
            var (mean, scale) = WindowScaling.Of(values);
            means[b] = mean;
            scales[b] = scale;
            var covariates = windows.Covariates(start + b);
            for (int t = 0; t < w; t++)
            {
                int o = (b * w + t) * d;
                buffer[o] = (values[t] - mean) / scale;
                if (c > 0)
                    _covariateScaler.Apply(covariates.Slice(t * c, c), buffer.Slice(o + 1, c));
            }
        }

        return OnDevice(input);
    }

    /// <summary>The output layer's extra input (B, S·F) of windows [start, start + count): the known-future
    /// covariates of the S = <see cref="FutureSteps"/> steps after each window, standardised; null when the model takes
    /// none.</summary>
    public Tensor? Extra(IForecastWindows windows, int start, int count)
    {
        int f = _layout.FutureCovariates.Count, h = FutureSteps;
        if (h == 0)
            return null;
        var all = new float[_layout.CovariateCount];
        var scaled = new float[_layout.CovariateCount];
        var extra = empty(new long[] { count, h * f });                           // -> (B, H·F)
        var buffer = MemoryMarshal.Cast<byte, float>(extra.bytes);
        for (int b = 0; b < count; b++)
        {
            int known = windows.FutureSteps(start + b);
            if (known < h)
            {
                extra.Dispose();
                throw new InvalidOperationException(
                    $"Forecasting with the known-future covariates [{string.Join(", ", _layout.FutureCovariates)}] needs their values for the next {h} steps; " +
                    $"got {(known == 0 ? "none" : known.ToString(CultureInfo.InvariantCulture))}. Pass them to the forecast engine, or score data that continues past each row.");
            }

            for (int s = 0; s < h; s++)
                ScaleFutureStep(windows.FutureStep(start + b, s), all, scaled, buffer.Slice((b * h + s) * f, f));
        }

        return OnDevice(extra);
    }

    /// <summary>A recursive model's extra input (B, F) at forecast step <paramref name="step"/>: the known-future
    /// covariates of that step for each rolling window, standardised.</summary>
    public Tensor StepExtra(ForecastWindow[] windows, int step)
    {
        int f = _layout.FutureCovariates.Count;
        var all = new float[_layout.CovariateCount];
        var scaled = new float[_layout.CovariateCount];
        var extra = empty(new long[] { windows.Length, f });                      // -> (B, F)
        var buffer = MemoryMarshal.Cast<byte, float>(extra.bytes);
        for (int b = 0; b < windows.Length; b++)
        {
            var future = windows[b].FutureCovariates;
            if (future is null || future.Length < (step + 1) * f)
            {
                extra.Dispose();
                throw new InvalidOperationException(
                    $"Forecasting step {step + 1} with the known-future covariates [{string.Join(", ", _layout.FutureCovariates)}] needs their values for that step; " +
                    "pass one future row per step to forecast.");
            }

            ScaleFutureStep(future.AsSpan(step * f, f), all, scaled, buffer.Slice(b * f, f));
        }

        return OnDevice(extra);
    }

    /// <summary>Standardises one step's F known-future covariates into <paramref name="destination"/>. The scaler
    /// works on whole steps (C channels), where the future ones sit after the P past-observed ones, so they go through
    /// the <paramref name="all"/> and <paramref name="scaled"/> buffers (C values each).</summary>
    private void ScaleFutureStep(ReadOnlySpan<float> step, float[] all, float[] scaled, Span<float> destination)
    {
        int p = _layout.PastCovariates.Count;
        Array.Clear(all);
        step.CopyTo(all.AsSpan(p, step.Length));
        _covariateScaler.Apply(all, scaled);
        scaled.AsSpan(p, step.Length).CopyTo(destination);
    }

    /// <summary>The training targets (B, O) of windows [start, start + count): the next O values in the units the
    /// network outputs (see <see cref="SeriesLayout.Target"/>), from each window's mean and scale.</summary>
    public Tensor Targets(SeriesWindows windows, int start, int count, int outputs, ReadOnlySpan<float> means, ReadOnlySpan<float> scales)
    {
        var target = empty(new long[] { count, outputs });                        // -> (B, O)
        var buffer = MemoryMarshal.Cast<byte, float>(target.bytes);
        for (int b = 0; b < count; b++)
        {
            var values = windows.Values(start + b);
            var next = windows.Targets(start + b, outputs);
            for (int k = 0; k < outputs; k++)
                buffer[b * outputs + k] = _layout.Target(next[k], means[b], scales[b], _layout.SeasonalBase(values, k));
        }

        return OnDevice(target);
    }

    private Tensor OnDevice(Tensor cpu)
    {
        if (_device.type == TorchSharp.DeviceType.CPU)
            return cpu;
        var moved = cpu.to(_device);
        cpu.Dispose();
        return moved;
    }
}
