using System;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// One training run's watch over glibc's heap, from its start to its end: keeps the buffers its steps free in the heap
/// when <see cref="MallocTuning"/> applies, bounds hoarding (<see cref="HeapTrimmer"/>), says once when steps spend
/// their time having fresh memory zeroed by the kernel and how to avoid it, and, when disposed at the end of the run,
/// gives back the buffers the heap kept for it.
/// </summary>
internal sealed partial class HeapWatch : IDisposable
{
    /// <summary>Fresh memory per step from which the run is told how to avoid it: glibc's largest mmap threshold.</summary>
    public const long MappedBytesPerStepHint = 32L << 20;

    private bool _warned;
    private bool _hinted;
    private bool _disposed;
    private long _faults = -1;
    private long _faultsStep;
    private long _largestHeap;
    private long _baselineHeap;

    /// <summary>Starts watching a training run (see <see cref="MallocTuning.BeginRun"/>).</summary>
    public HeapWatch() => MallocTuning.BeginRun();

    /// <summary>Called after each training step: every <see cref="HeapTrimmer.CheckEverySteps"/> steps trims when
    /// malloc hoards (warning the first time) and measures the page faults since the last check.</summary>
    /// <param name="step">Steps taken so far in this training run.</param>
    /// <param name="ch">The training channel.</param>
    public void AfterStep(long step, IChannel ch)
    {
        if (step % HeapTrimmer.CheckEverySteps != 0)
            return;
        bool trimmed = MallocTuning.Applied   // then the heap keeps the run's buffers on purpose
            ? HeapTrimmer.TrimIfHoarding((inUse, free) => HeapTrimmer.ShouldTrimKeptHeap(inUse, free, _baselineHeap), out long inUse, out long free)
            : HeapTrimmer.TrimIfHoarding(HeapTrimmer.ShouldTrim, out inUse, out free);
        if (!trimmed)
            _largestHeap = Math.Max(_largestHeap, inUse + free);
        if (trimmed && !_warned)
        {
            _warned = true;
            ch.Warning(MessageSensitivity.None, HeapTrimmer.HoardingWarning(HeapTrimmer.LibcVersion(), inUse, free, MallocTuning.Applied));
        }

        MeasureFreshMemory(step, ch, trimmed);
    }

    /// <summary>Called after each epoch: the first fixes the heap size the run's steps need (the largest seen so far,
    /// every batch shape having been met once), against which a heap kept on purpose is judged to hoard.</summary>
    public void AfterEpoch()
    {
        if (_baselineHeap > 0 || !MallocTuning.Applied)
            return;
        if (HeapTrimmer.TryReadStatistics(out long inUse, out long free, out _))
            _largestHeap = Math.Max(_largestHeap, inUse + free);
        _baselineHeap = _largestHeap;
    }

    /// <summary>Measures the page faults per step since the last check and, the first time they reach
    /// <see cref="MappedBytesPerStepHint"/>, says how to avoid them. Right after a trim (<paramref name="trimmed"/>) it
    /// only starts over, since the trimmed pages fault in again over the next steps.</summary>
    /// <param name="step">Steps taken so far in this training run.</param>
    /// <param name="ch">The training channel.</param>
    /// <param name="trimmed">Whether this check trimmed the heap.</param>
    public void MeasureFreshMemory(long step, IChannel ch, bool trimmed)
    {
        if (_hinted || !HeapTrimmer.IsGlibc)
            return;
        if (trimmed)
        {
            _faults = -1;
            return;
        }

        long faults = MinorFaults();
        if (faults < 0)
            return;
        // The first check only sets the baseline: the faults before it include loading the data.
        long bytesPerStep = _faults < 0 ? 0 : (faults - _faults) * Environment.SystemPageSize / (step - _faultsStep);
        if (bytesPerStep >= MappedBytesPerStepHint)
        {
            _hinted = true;
            ch.Info(MessageSensitivity.None, FreshMemoryHint(bytesPerStep, MallocTuning.Applied));
        }

        (_faults, _faultsStep) = (faults, step);
    }

    /// <summary>Called when the training run ends: gives back the buffers <see cref="MallocTuning"/> kept in the heap.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        MallocTuning.EndRun();
    }

    /// <summary>The message of a run whose steps have <paramref name="bytesPerStep"/> of fresh memory zeroed each.</summary>
    /// <param name="bytesPerStep">Fresh memory per step.</param>
    /// <param name="thresholdsRaised">Whether <see cref="MallocTuning"/> raised the thresholds: then the training thread
    /// allocates from one of glibc's secondary arenas, whose heaps hold at most 64 MiB, so larger blocks are still mapped,
    /// or single blocks exceed <see cref="MallocTuning.ThresholdBytes"/>.</param>
    public static string FreshMemoryHint(long bytesPerStep, bool thresholdsRaised = false)
        => thresholdsRaised
            ? string.Format(
                CultureInfo.InvariantCulture,
                "Each training step has about {0} MiB of freshly mapped memory zeroed by the kernel although the library keeps freed buffers in glibc's heap: "
                + "either this thread allocates from one of glibc's secondary arenas, whose heaps hold at most 64 MiB, so larger buffers are still mapped "
                + "afresh at every step, or single buffers exceed the {3} MiB mmap threshold. Train on the process's main thread if you can. Starting the process with {1}={2}=0:glibc.malloc.arena_max=1 "
                + "makes every thread use the main heap (an LSTM over 2,000 steps on a test runner's thread: 2 s instead of 4–5 s), but it slowed "
                + "other training workloads by up to 43%, so measure it on yours.",
                bytesPerStep >> 20, MallocTuning.TunablesVariable, MallocTuning.TcacheCountTunable, MallocTuning.ThresholdBytes >> 20)
            : string.Format(
                CultureInfo.InvariantCulture,
                "Each training step has about {0} MiB of freshly mapped memory zeroed by the kernel: glibc maps buffers larger than its mmap "
                + "threshold (at most 32 MiB) afresh at every step, and libtorch's buffers for long sequences are larger. Start the process with "
                + "{1}={2}=0 and the library keeps them in the heap instead (measured: an LSTM on 672-step windows trained 2.1 times as fast "
                + "on the main thread; for other threads see the README's Troubleshooting).",
                bytesPerStep >> 20, MallocTuning.TunablesVariable, MallocTuning.TcacheCountTunable);

    /// <summary>This process's minor page faults so far, or −1 where unavailable.</summary>
    public static long MinorFaults()
    {
        if (!OperatingSystem.IsLinux())
            return -1;
        try
        {
            var usage = new RUsage();
            return getrusage(0, ref usage) == 0 ? usage.MinorFaults : -1;   // 0: RUSAGE_SELF
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return -1;
        }
    }

    [LibraryImport("libc")]
    private static partial int getrusage(int who, ref RUsage usage);

    /// <summary>Linux's <c>struct rusage</c> on 64-bit: two <c>timeval</c>s, then 14 <c>long</c>s.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxResident, SharedText, UnsharedData, UnsharedStack;
        public long MinorFaults, MajorFaults, Swaps, BlockInputs, BlockOutputs, MessagesSent, MessagesReceived, Signals;
        public long VoluntarySwitches, InvoluntarySwitches;
    }
}
