using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Network;

/// <summary>
/// How many threads libtorch uses for one training step or scoring batch. Small problems (a batch of one, a small
/// hidden state) lose more to waking and synchronising threads at every time step than they gain from sharing the
/// work, so below <see cref="RecurrentDefaults.ParallelWorkThreshold"/> multiply-adds per time step of the first layer
/// (rows × gates × hidden × (input + hidden) × directions) one thread is used; from it on, every core.
/// <see cref="RecurrentNetworkOptions.NumberOfThreads"/> overrides the choice.
/// </summary>
internal static class ThreadCount
{
    /// <summary>The thread count for a batch of <paramref name="rows"/> rows: <paramref name="requested"/> when given.</summary>
    public static int Choose(NetworkShape shape, int rows, int? requested)
    {
        if (requested is int n)
            return n;
        double work = (double)rows * Gates(shape.CellType) * shape.HiddenSize * (shape.InputSize + shape.HiddenSize) * shape.Directions;
        return work < RecurrentDefaults.ParallelWorkThreshold ? 1 : Environment.ProcessorCount;
    }

    /// <summary>Makes libtorch use <paramref name="threads"/> threads on this thread until the scope is disposed,
    /// then restores the previous count.</summary>
    public static Scope Use(int threads) => new(threads);

    private static int Gates(RecurrentCellType cell) => cell switch
    {
        RecurrentCellType.Lstm => 4,
        RecurrentCellType.Gru => 3,
        _ => 1,
    };

    /// <summary>Restores the previous thread count when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly int _previous;
        private readonly bool _changed;

        public Scope(int threads)
        {
            _previous = get_num_threads();
            _changed = _previous != threads;
            if (_changed)
                set_num_threads(threads);
        }

        public void Dispose()
        {
            if (_changed)
                set_num_threads(_previous);
        }
    }
}
