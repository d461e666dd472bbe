using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>
/// libtorch has one global random generator, used by weight initialisation and dropout. Two models trained at the same
/// time in one process would draw from it in an unpredictable order, so every seeded use goes through this lock and
/// re-seeds first, and every other draw (the throw-away initial weights of a model being loaded) takes the lock too:
/// <c>MLContext(seed)</c> then gives identical models whatever else runs.
/// </summary>
internal static class TorchRandom
{
    private static readonly object Lock = new();

    /// <summary>Runs <paramref name="action"/> with the global generator seeded by <paramref name="seed"/>.</summary>
    public static T Seeded<T>(long seed, Func<T> action)
    {
        lock (Lock)
        {
            random.manual_seed(seed);
            return action();
        }
    }

    /// <summary>Runs <paramref name="action"/>, which draws from the global generator without needing a seed, while no
    /// seeded use runs.</summary>
    public static T Exclusive<T>(Func<T> action)
    {
        lock (Lock)
            return action();
    }
}
