using System;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>Early stopping's bookkeeping: the epoch with the lowest held-out loss so far, a copy of its weights, and
/// how many epochs have passed without a better one.</summary>
internal sealed class BestEpoch : IDisposable
{
    private WeightSnapshot? _weights;
    private double _loss = double.PositiveInfinity;

    /// <summary>The best epoch so far, or null while none has improved on infinity (e.g. every loss was NaN).</summary>
    public int? Epoch { get; private set; }

    /// <summary>Epochs since the best one.</summary>
    public int SinceBest { get; private set; }

    /// <summary>Records <paramref name="epoch"/>'s held-out loss; keeps a copy of the weights when it is the lowest.</summary>
    /// <returns>Whether this epoch is the new best.</returns>
    public bool Offer(int epoch, double loss, nn.Module network)
    {
        if (!(loss < _loss))
        {
            SinceBest++;
            return false;
        }

        _loss = loss;
        Epoch = epoch;
        SinceBest = 0;
        _weights?.Dispose();
        _weights = new WeightSnapshot(network);
        return true;
    }

    /// <summary>Whether <paramref name="patience"/> epochs have passed without improvement (never when null).</summary>
    public bool ShouldStop(int? patience) => patience is int p && SinceBest >= p;

    /// <summary>Puts the best epoch's weights back into <paramref name="network"/>; nothing when no epoch was kept.</summary>
    public void Restore(nn.Module network) => _weights?.Restore(network);

    public void Dispose() => _weights?.Dispose();
}
