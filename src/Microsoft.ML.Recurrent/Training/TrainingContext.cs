using System;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>What training takes from the <see cref="MLContext"/>: a seed, a device, logging and cancellation.</summary>
internal sealed class TrainingContext
{
    public TrainingContext(IHostEnvironment env, string name)
    {
        Environment = env;
        Host = env.Register(name);
        Seed = Host.Rand.Next();
        Device = ChooseDevice(env, Host);
    }

    public IHostEnvironment Environment { get; }

    public IHost Host { get; }

    /// <summary>Seed for weights, dropout and shuffling: drawn from the host's generator, so <c>MLContext(seed)</c> fixes it.</summary>
    public int Seed { get; }

    public Device Device { get; }

    public bool IsCanceled => MLNetInternals.IsCanceled(Environment);

    /// <summary>Throws when <paramref name="token"/> or <c>MLContext.CancelExecution()</c> asked to stop.</summary>
    public void ThrowIfCanceled(System.Threading.CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        if (IsCanceled)
            throw new OperationCanceledException("Training was canceled through MLContext.CancelExecution().");
    }

    /// <summary>The device from <c>MLContext.GpuDeviceId</c> and <c>FallbackToCpu</c>.</summary>
    public static Device ChooseDevice(IHostEnvironment env, IHost host)
    {
        int? gpu = MLNetInternals.GetGpuDeviceId(env);
        if (gpu is null)
            return CPU;
        if (cuda.is_available() && gpu.Value < cuda.device_count())
            return new Device(TorchSharp.DeviceType.CUDA, gpu.Value);
        if (MLNetInternals.GetFallbackToCpu(env))
        {
            using var ch = host.Start("Device");
            ch.Warning(MessageSensitivity.None, $"MLContext.GpuDeviceId is {gpu} but CUDA device {gpu} is not available; training on the CPU (FallbackToCpu is true).");
            return CPU;
        }

        throw new InvalidOperationException(
            $"MLContext.GpuDeviceId is {gpu} but CUDA device {gpu} is not available (CUDA available: {cuda.is_available()}). " +
            "Reference a TorchSharp-cuda package in the application, choose an existing device, or set MLContext.FallbackToCpu = true.");
    }
}
