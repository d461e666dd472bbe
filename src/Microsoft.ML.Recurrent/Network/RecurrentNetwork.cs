using System;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Network;

/// <summary>
/// A recurrent encoder (RNN, LSTM or GRU; stacked; optionally bidirectional) with a linear head on the final state of
/// each sequence (many-to-one). Rows of a batch may have different lengths: a forward-only network reads each row's
/// output at its own last step, a bidirectional one packs the batch, so a row's result never depends on the other
/// rows of its batch.
/// </summary>
/// <remarks>Field names are state-dict keys ("recurrent.*", "head.*"): renaming one breaks saved models.</remarks>
internal sealed class RecurrentNetwork : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names
    private readonly nn.Module recurrent;
    private readonly Dropout dropout;
    private readonly Linear head;
    private readonly Linear? joint;
#pragma warning restore IDE1006

    /// <summary>Whether the network was disposed (its weights freed), by its owner or by a model that shares it.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Builds the network on the CPU with freshly initialised weights.</summary>
    public RecurrentNetwork(NetworkShape shape)
        : base(nameof(RecurrentNetwork))
    {
        Shape = shape;
        double layerDropout = shape.NumberOfLayers > 1 ? shape.Dropout : 0;
        recurrent = shape.CellType switch
        {
            RecurrentCellType.Lstm => nn.LSTM(shape.InputSize, shape.HiddenSize, shape.NumberOfLayers, batchFirst: true, dropout: layerDropout, bidirectional: shape.Bidirectional),
            RecurrentCellType.Gru => nn.GRU(shape.InputSize, shape.HiddenSize, shape.NumberOfLayers, batchFirst: true, dropout: layerDropout, bidirectional: shape.Bidirectional),
            RecurrentCellType.Rnn => nn.RNN(shape.InputSize, shape.HiddenSize, shape.NumberOfLayers, nn.NonLinearities.Tanh, batchFirst: true, dropout: layerDropout, bidirectional: shape.Bidirectional),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.CellType, "Unknown cell type."),
        };
        dropout = nn.Dropout(shape.Dropout);
        head = nn.Linear(shape.FinalStateSize, shape.OutputSize);
        if (shape.ExtraInputSize > 0)
            joint = nn.Linear(shape.FinalStateSize + shape.ExtraInputSize, shape.FinalStateSize);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public NetworkShape Shape { get; }

    /// <summary>Scores a batch.</summary>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU; each in [1, T].</param>
    /// <returns>Raw outputs, (B, O).</returns>
    public override Tensor forward(Tensor input, Tensor lengths) => Forward(input, lengths, null);

    /// <summary>Scores a batch, giving the output layer <paramref name="extra"/> beside the final state.</summary>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU.</param>
    /// <param name="extra">(B, E) when the shape has extra inputs; otherwise null.</param>
    /// <returns>Raw outputs, (B, O).</returns>
    public Tensor Forward(Tensor input, Tensor lengths, Tensor? extra)
    {
        // B: batch, T: longest sequence, D: input size, H: hidden size, K: directions, E: extra inputs, O: outputs.
        using var final = EncodeFinal(input, lengths);                          // -> (B, K·H)
        using var dropped = dropout.call(final);                                 // -> (B, K·H)
        if (extra is null)
            return head.call(dropped);                                           // -> (B, O)
        // Extra inputs (e.g. known future covariates) meet the state in a hidden layer, so they can interact with it.
        using var joined = cat(new[] { dropped, extra }, 1);                     // -> (B, K·H + E)
        using var mixed = joint!.call(joined);                                   // -> (B, K·H)
        using var activated = nn.functional.relu(mixed);                         // -> (B, K·H)
        return head.call(activated);                                             // -> (B, O)
    }

    /// <summary>Scores every step of a batch (many-to-many): the output layer applied to each step's last-layer output.</summary>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU.</param>
    /// <returns>Raw outputs per step, (B, T, O); steps past a row's length are meaningless and must be masked.</returns>
    public Tensor ForwardPerStep(Tensor input, Tensor lengths)
    {
        var (outputs, final) = Encode(input, lengths, keepOutputs: true);
        using (final)
        using (outputs)
        {
            using var dropped = dropout.call(outputs!);   // -> (B, T, K·H)
            return head.call(dropped);                    // -> (B, T, O)
        }
    }

    /// <summary>The final hidden state of the last layer for each row (forward and backward directions concatenated).</summary>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU.</param>
    /// <returns>(B, K·H).</returns>
    public Tensor EncodeFinal(Tensor input, Tensor lengths) => Encode(input, lengths, keepOutputs: false).Final;

    /// <summary>The last layer's output at every step, (B, T, K·H), zero past each row's length.</summary>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU.</param>
    /// <returns>(B, T, K·H).</returns>
    public Tensor EncodeAll(Tensor input, Tensor lengths)
    {
        var (outputs, final) = Encode(input, lengths, keepOutputs: true);
        final.Dispose();
        return outputs!;
    }

    /// <summary>Runs the recurrent layers so that no row of a batch depends on the others: rows of different lengths
    /// are read at their own last step (forward only) or packed (bidirectional).</summary>
    private (Tensor? Outputs, Tensor Final) Encode(Tensor input, Tensor lengths, bool keepOutputs)
    {
        // B: batch, T: longest sequence, D: input size, H: hidden size, L: layers, K: directions.
        long batch = input.shape[0], steps = input.shape[1];
        Tensor hn;
        Tensor? outputs = null;
        if (AllEqual(MemoryMarshal.Cast<byte, long>(lengths.bytes), steps))
        {
            var (all, last) = Run(input);                                               // -> (B, T, K·H), (L·K, B, H)
            hn = last;
            if (keepOutputs)
                outputs = all;
            else
                all.Dispose();
        }
        else if (!Shape.Bidirectional)
        {
            // Forward only: the zeros after a row's last step cannot change its earlier states, so the padded batch
            // runs through the fast fused kernel and each row's result is the last layer's output at its own last
            // step — the same numbers packing gives, at a fraction of the cost of libtorch's packed CPU path.
            using var scope = NewDisposeScope();
            var (all, last) = Run(input);                                               // -> (B, T, H), (L, B, H)
            last.Dispose();
            using var one = 1.ToScalar();   // scalars are made and held explicitly: see AdamOptimizer's remarks
            var lastStep = lengths.sub(one).to(input.device).view(batch, 1, 1);        // -> (B, 1, 1), int64
            var final = all.gather(1, lastStep.expand(batch, 1, Shape.HiddenSize)).squeeze(1);   // -> (B, H)
            if (keepOutputs)
            {
                using var stepCount = steps.ToScalar();
                var valid = arange(stepCount, device: input.device).view(1, steps, 1).le(lastStep);   // -> (B, T, 1)
                outputs = all.mul(valid).MoveToOuterDisposeScope();                              // -> (B, T, H), zero past each end
            }

            return (outputs, final.MoveToOuterDisposeScope());
        }
        else
        {
            // Both directions: the backward direction must start at each row's own end, so pack: sort by length
            // (descending) so packing is exact, then put rows back in their order.
            using var scope = NewDisposeScope();
            var lengthValues = MemoryMarshal.Cast<byte, long>(lengths.bytes).ToArray();
            var order = Enumerable.Range(0, (int)batch).OrderByDescending(i => lengthValues[i]).ThenBy(i => i).ToArray();
            var inverse = new long[order.Length];
            for (int i = 0; i < order.Length; i++)
                inverse[order[i]] = i;
            var orderIndex = tensor(order.Select(i => (long)i).ToArray(), device: input.device);
            var inverseIndex = tensor(inverse, device: input.device);
            var sortedLengths = tensor(order.Select(i => lengthValues[i]).ToArray());
            var sorted = input.index_select(0, orderIndex);                             // -> (B, T, D), longest first
            var packed = nn.utils.rnn.pack_padded_sequence(sorted, sortedLengths, batch_first: true, enforce_sorted: true);
            var (packedOutputs, sortedHn) = Run(packed);                                // -> packed, (L·K, B, H) sorted rows
            hn = sortedHn.index_select(1, inverseIndex).MoveToOuterDisposeScope();
            if (keepOutputs)
            {
                var (padded, _) = nn.utils.rnn.pad_packed_sequence(packedOutputs, batch_first: true, padding_value: 0, total_length: steps);
                outputs = padded.index_select(0, inverseIndex).MoveToOuterDisposeScope();   // -> (B, T, K·H)
            }
        }

        using (hn)
        {
            int k = Shape.Directions;
            using var layers = hn.view(Shape.NumberOfLayers, k, batch, Shape.HiddenSize);   // -> (L, K, B, H)
            using var last = layers[Shape.NumberOfLayers - 1];                               // -> (K, B, H)
            using var perRow = last.permute(1, 0, 2);                                         // -> (B, K, H)
            return (outputs, perRow.reshape(batch, k * Shape.HiddenSize));                    // -> (B, K·H)
        }
    }

    private static bool AllEqual(ReadOnlySpan<long> values, long expected)
    {
        foreach (var v in values)
        {
            if (v != expected)
                return false;
        }

        return true;
    }

    private (Tensor Outputs, Tensor Final) Run(Tensor input)
    {
        switch (recurrent)
        {
            case LSTM lstm:
                {
                    var (output, hn, cn) = lstm.call(input, null);
                    cn.Dispose();
                    return (output, hn);
                }
            case GRU gru:
                return gru.call(input, null);
            default:
                return ((RNN)recurrent).call(input, null);
        }
    }

    private (nn.utils.rnn.PackedSequence Outputs, Tensor Final) Run(nn.utils.rnn.PackedSequence input)
    {
        switch (recurrent)
        {
            case LSTM lstm:
                {
                    var (output, hn, cn) = lstm.call(input, null);
                    cn.Dispose();
                    return (output, hn);
                }
            case GRU gru:
                return gru.call(input, null);
            default:
                return ((RNN)recurrent).call(input, null);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
