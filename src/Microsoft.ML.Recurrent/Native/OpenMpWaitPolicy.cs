using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Makes libtorch's OpenMP threads sleep, not spin, while they wait for work when the machine is already busy as the
/// library loads, unless the application chose otherwise.
/// </summary>
/// <remarks>
/// GNU OpenMP (libgomp, which libtorch uses on Linux) lets a waiting thread spin for a while after every parallel
/// region. A recurrent network runs several small parallel regions per time step, so when the cores are also busy with
/// other work a spinning thread holds a core that the thread it waits for needs, and every region waits for a time
/// slice: on 2 cores shared with two other busy processes, a 2-thread LSTM trained at 123 rows/s with the default and
/// 6,501 rows/s with <c>OMP_WAIT_POLICY=PASSIVE</c> (the benchmark's streaming case). libgomp reads the variable once,
/// when it is loaded, so it is set in the native environment before TorchSharp loads libtorch. On an idle machine the
/// opposite holds (the same LSTM with 2 threads: 309 steps/s spinning, 57 passive), so the policy is only set when the
/// 1-minute load average already reaches the number of cores when the library loads. An application that sets
/// <c>OMP_WAIT_POLICY</c> or <c>GOMP_SPINCOUNT</c> itself keeps its choice.
/// </remarks>
internal static partial class OpenMpWaitPolicy
{
    /// <summary>The variable libgomp reads.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>The spin-count variable, which also expresses a choice.</summary>
    public const string SpinCountVariable = "GOMP_SPINCOUNT";

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> unless either variable is set (Linux only).</summary>
    /// <returns>What was done, for the load report.</returns>
    public static string Apply()
    {
        if (!OperatingSystem.IsLinux())
            return "OpenMP wait policy left as it is (not Linux)";
        string? policy = NativeValue(Variable);
        string? spinCount = NativeValue(SpinCountVariable);
        double? load = LoadAverage();
        if (!ShouldSet(policy, spinCount, load, Environment.ProcessorCount))
            return $"OpenMP wait policy left as it is ({Variable}={policy ?? "(unset)"}, {SpinCountVariable}={spinCount ?? "(unset)"}, load {load?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} on {Environment.ProcessorCount} cores)";
        if (setenv(Variable, "PASSIVE", 0) != 0)
            return $"OpenMP wait policy unchanged: setenv failed with errno {Marshal.GetLastPInvokeError()}";
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return $"{Variable}=PASSIVE set before libtorch loaded: load {load:F1} on {Environment.ProcessorCount} cores (set {Variable} yourself to choose otherwise)";
    }

    /// <summary>Whether to set the policy: only when the application set neither variable and the machine is busy
    /// (1-minute load average at least the number of cores).</summary>
    public static bool ShouldSet(string? policy, string? spinCount, double? loadAverage, int processorCount)
        => policy is null && spinCount is null && loadAverage >= processorCount;

    /// <summary>The 1-minute load average from <c>/proc/loadavg</c>, or null when it cannot be read.</summary>
    public static double? LoadAverage()
    {
        try
        {
            string text = System.IO.File.ReadAllText("/proc/loadavg");
            return double.TryParse(text.Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double load) ? load : null;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The value of <paramref name="name"/> in the native environment (which libgomp reads), or null.</summary>
    public static string? NativeValue(string name)
    {
        IntPtr value = getenv(name);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);
}
