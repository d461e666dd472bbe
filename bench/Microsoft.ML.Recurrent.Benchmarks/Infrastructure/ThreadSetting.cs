using Microsoft.ML.Recurrent.Benchmarks.HandWritten;
using Microsoft.ML.Recurrent.Network;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>The thread count both sides use: the library's own choice unless <c>--threads</c> gives one.</summary>
internal static class ThreadSetting
{
    /// <summary>Sets the library's <see cref="RecurrentNetworkOptions.NumberOfThreads"/> (null: its default).</summary>
    public static void Apply(RecurrentNetworkOptions options, int? threads) => options.NumberOfThreads = threads;

    /// <summary>The thread count the library uses for batches of <paramref name="rows"/> rows of <paramref name="spec"/>.</summary>
    public static int For(int? threads, NetworkSpec spec, int rows)
        => ThreadCount.Choose(new NetworkShape(spec.InputSize, spec.Cell, spec.HiddenSize, spec.Layers, false, 0, spec.OutputSize, 0), rows, threads);

    /// <summary>Sets libtorch's intra-op threads for the hand-written side.</summary>
    public static void UseForHand(int threads) => set_num_threads(threads);
}
