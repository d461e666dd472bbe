using System;
using System.Linq;
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
/// opposite holds (the same LSTM with 2 threads: 309 steps/s spinning, 57 passive), so the policy is only set when other
/// processes already keep at least three quarters of the cores this process may use (and at least one) busy when the
/// library loads, measured from <c>/proc/stat</c> over <see cref="SampleWindow"/> minus this process's own time. The load average is not used: it
/// counts tasks that wait without using a core, and on a virtual machine here it stayed between 1.2 and 2.0 on 2
/// cores that <c>vmstat</c> showed 100% idle. An application that sets <c>OMP_WAIT_POLICY</c> or
/// <c>GOMP_SPINCOUNT</c> itself keeps its choice.
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
        double? busy = policy is null && spinCount is null ? BusyCoresElsewhere(SampleWindow) : null;
        string busyText = busy?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "not measured";
        if (!ShouldSet(policy, spinCount, busy, Environment.ProcessorCount))
            return $"OpenMP wait policy left as it is ({Variable}={policy ?? "(unset)"}, {SpinCountVariable}={spinCount ?? "(unset)"}, other processes busy on {busyText} of {Environment.ProcessorCount} cores)";
        if (setenv(Variable, "PASSIVE", 0) != 0)
            return $"OpenMP wait policy unchanged: setenv failed with errno {Marshal.GetLastPInvokeError()}";
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return $"{Variable}=PASSIVE set before libtorch loaded: other processes busy on {busyText} of {Environment.ProcessorCount} cores (set {Variable} yourself to choose otherwise)";
    }

    /// <summary>How long <see cref="Apply"/> watches the cores before deciding.</summary>
    public static readonly TimeSpan SampleWindow = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether to set the policy: only when the application set neither variable and other processes keep at
    /// least three quarters of the cores, and at least one, busy. (Half was too little: right after <c>dotnet run</c>
    /// built an application, the build's own processes kept one of 2 cores busy for a moment.)</summary>
    /// <param name="policy">The application's <c>OMP_WAIT_POLICY</c>, or null.</param>
    /// <param name="spinCount">The application's <c>GOMP_SPINCOUNT</c>, or null.</param>
    /// <param name="busyCoresElsewhere">Cores' worth of time other processes used (<see cref="BusyCoresElsewhere"/>),
    /// or null when unknown.</param>
    /// <param name="processorCount">The number of cores.</param>
    public static bool ShouldSet(string? policy, string? spinCount, double? busyCoresElsewhere, int processorCount)
        => policy is null && spinCount is null && busyCoresElsewhere >= Math.Max(1.0, 0.75 * processorCount);

    /// <summary>The cores' worth of time that processes other than this one used over <paramref name="window"/> on the
    /// cores this process may run on (its affinity, as <see cref="Environment.ProcessorCount"/> counts them), from
    /// <c>/proc/stat</c> and <c>/proc/self/stat</c>; null when they cannot be read.</summary>
    public static double? BusyCoresElsewhere(TimeSpan window)
    {
        long affinity = Affinity();
        var before = CpuTicks(affinity);
        if (before is null)
            return null;
        System.Threading.Thread.Sleep(window);
        var after = CpuTicks(affinity);
        if (after is null)
            return null;
        long total = after.Value.Total - before.Value.Total;
        if (total <= 0)
            return null;
        long elsewhere = after.Value.Busy - before.Value.Busy - (after.Value.Own - before.Value.Own);
        return Math.Max(elsewhere, 0) * (double)after.Value.Cores / total;
    }

    /// <summary>The affinity mask of this process (cores 0–63), all ones when it cannot be read.</summary>
    private static long Affinity()
    {
        if (!OperatingSystem.IsLinux())
            return -1;
        try
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return (long)process.ProcessorAffinity;
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>The busy and total ticks of the cores in <paramref name="affinity"/>, their number, and this process's
    /// own ticks; or null.</summary>
    private static (long Busy, long Total, int Cores, long Own)? CpuTicks(long affinity)
    {
        try
        {
            long busy = 0, total = 0;
            int cores = 0;
            foreach (string line in System.IO.File.ReadLines("/proc/stat"))
            {
                // "cpuN user nice system idle iowait irq softirq steal guest guest_nice" (guest time is inside user).
                if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsDigit(line[3]))
                    continue;
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                int cpu = int.Parse(fields[0].AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
                if (cpu < 64 && (affinity & (1L << cpu)) == 0 || fields.Length < 9)
                    continue;
                long[] t = fields.Skip(1).Take(8).Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                long lineBusy = t[0] + t[1] + t[2] + t[5] + t[6] + t[7];
                busy += lineBusy;
                total += lineBusy + t[3] + t[4];
                cores++;
            }

            // "pid (comm) state ppid ... utime stime ...": utime and stime are the 12th and 13th fields after the ')'.
            string self = System.IO.File.ReadAllText("/proc/self/stat");
            string[] own = self[(self.LastIndexOf(')') + 2)..].Split(' ');
            long ownTicks = long.Parse(own[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(own[12], System.Globalization.CultureInfo.InvariantCulture);
            return cores == 0 ? null : (busy, total, cores, ownTicks);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or FormatException or OverflowException or IndexOutOfRangeException or ArgumentOutOfRangeException)
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
