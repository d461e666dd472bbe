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
    /// <param name="initial">Each row's complete initial state, (B, S) in <see cref="NetworkShape.StateSize"/>'s layout; null: zeros.</param>
    /// <returns>Raw outputs, (B, O).</returns>
    public Tensor Forward(Tensor input, Tensor lengths, Tensor? extra, Tensor? initial = null)
    {
        // B: batch, T: longest sequence, D: input size, H: hidden size, K: directions, E: extra inputs, O: outputs.
        using var final = EncodeFinal(input, lengths, initial);                 // -> (B, K·H)
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
    /// <param name="initial">Each row's complete initial state, (B, S); null: zeros.</param>
    /// <returns>Raw outputs per step, (B, T, O); steps past a row's length are meaningless and must be masked.</returns>
    public Tensor ForwardPerStep(Tensor input, Tensor lengths, Tensor? initial = null)
    {
        var (outputs, final, _) = Encode(input, lengths, initial, keepOutputs: true, fullState: false);
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
    /// <param name="initial">Each row's complete initial state, (B, S); null: zeros.</param>
    /// <returns>(B, K·H).</returns>
    public Tensor EncodeFinal(Tensor input, Tensor lengths, Tensor? initial = null)
        => Encode(input, lengths, initial, keepOutputs: false, fullState: false).Final;

    /// <summary>The last layer's output at every step, (B, T, K·H), zero past each row's length.</summary>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU.</param>
    /// <param name="initial">Each row's complete initial state, (B, S); null: zeros.</param>
    /// <returns>(B, T, K·H).</returns>
    public Tensor EncodeAll(Tensor input, Tensor lengths, Tensor? initial = null)
    {
        var (outputs, final, _) = Encode(input, lengths, initial, keepOutputs: true, fullState: false);
        final.Dispose();
        return outputs!;
    }

    /// <summary>Each row's complete final state (every layer and direction; h, then c for an LSTM), at each direction's
    /// own end, in the layout an initial state takes, so that a sequence can be run in chunks.</summary>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU.</param>
    /// <param name="initial">Each row's complete initial state, (B, S); null: zeros.</param>
    /// <returns>(B, S) with S = P·L·K·H.</returns>
    public Tensor EncodeState(Tensor input, Tensor lengths, Tensor? initial = null)
    {
        var (_, final, state) = Encode(input, lengths, initial, keepOutputs: false, fullState: true);
        final.Dispose();
        return state!;
    }

    /// <summary>Runs the recurrent layers so that no row of a batch depends on the others: rows of different lengths
    /// are read at their own last step (forward only) or packed (bidirectional, or when the complete state of every
    /// layer is wanted). A row's initial state goes with the row through any sorting.</summary>
    private (Tensor? Outputs, Tensor Final, Tensor? State) Encode(Tensor input, Tensor lengths, Tensor? initial, bool keepOutputs, bool fullState)
    {
        // B: batch, T: longest sequence, D: input size, H: hidden size, L: layers, K: directions, P: state parts
        // (2 for an LSTM's h and c, else 1), S: P·L·K·H.
        long batch = input.shape[0], steps = input.shape[1];
        Tensor hn;
        Tensor? cn = null, outputs = null;
        using var start = initial is null ? null : SplitState(initial);                  // -> (P, L·K, B, H)
        if (AllEqual(MemoryMarshal.Cast<byte, long>(lengths.bytes), steps))
        {
            var (all, last, lastCell) = Run(input, start);                              // -> (B, T, K·H), (L·K, B, H) ×P
            hn = last;
            cn = lastCell;
            if (keepOutputs)
                outputs = all;
            else
                all.Dispose();
        }
        else if (!Shape.Bidirectional && !fullState)
        {
            // Forward only: the zeros after a row's last step cannot change its earlier states, so the padded batch
            // runs through the fast fused kernel and each row's result is the last layer's output at its own last
            // step — the same numbers packing gives, at a fraction of the cost of libtorch's packed CPU path.
            using var scope = NewDisposeScope();
            var (all, last, lastCell) = Run(input, start);                              // -> (B, T, H), (L, B, H) ×P
            last.Dispose();
            lastCell?.Dispose();
            using var one = 1.ToScalar();   // scalars are made and held explicitly: see AdamOptimizer's remarks
            var lastStep = lengths.sub(one).to(input.device).view(batch, 1, 1);        // -> (B, 1, 1), int64
            var final = all.gather(1, lastStep.expand(batch, 1, Shape.HiddenSize)).squeeze(1);   // -> (B, H)
            if (keepOutputs)
            {
                using var stepCount = steps.ToScalar();
                var valid = arange(stepCount, device: input.device).view(1, steps, 1).le(lastStep);   // -> (B, T, 1)
                outputs = all.mul(valid).MoveToOuterDisposeScope();                              // -> (B, T, H), zero past each end
            }

            return (outputs, final.MoveToOuterDisposeScope(), null);
        }
        else
        {
            // Both directions (the backward direction must start at each row's own end), or every layer's final state
            // wanted: pack. Sort by length (descending) so packing is exact, then put rows back in their order.
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
            var sortedStart = start?.index_select(2, orderIndex);                       // -> (P, L·K, B, H), same order
            var packed = nn.utils.rnn.pack_padded_sequence(sorted, sortedLengths, batch_first: true, enforce_sorted: true);
            var (packedOutputs, sortedHn, sortedCn) = Run(packed, sortedStart);         // -> packed, (L·K, B, H) ×P sorted rows
            hn = sortedHn.index_select(1, inverseIndex).MoveToOuterDisposeScope();      // -> (L·K, B, H), rows in order
            cn = sortedCn?.index_select(1, inverseIndex).MoveToOuterDisposeScope();
            if (keepOutputs)
            {
                var (padded, _) = nn.utils.rnn.pad_packed_sequence(packedOutputs, batch_first: true, padding_value: 0, total_length: steps);
                outputs = padded.index_select(0, inverseIndex).MoveToOuterDisposeScope();   // -> (B, T, K·H)
            }
        }

        using (hn)
        using (cn)
        {
            int k = Shape.Directions;
            Tensor? state = fullState ? JoinState(hn, cn) : null;                           // -> (B, S)
            using var layers = hn.view(Shape.NumberOfLayers, k, batch, Shape.HiddenSize);   // -> (L, K, B, H)
            using var last = layers[Shape.NumberOfLayers - 1];                               // -> (K, B, H)
            using var perRow = last.permute(1, 0, 2);                                         // -> (B, K, H)
            return (outputs, perRow.reshape(batch, k * Shape.HiddenSize), state);            // -> (B, K·H)
        }
    }

    /// <summary>A batch of complete states as the recurrent module takes them.</summary>
    /// <param name="state">(B, S), each row h (L·K, H) row-major, then c for an LSTM.</param>
    /// <returns>(P, L·K, B, H), contiguous.</returns>
    private Tensor SplitState(Tensor state)
    {
        long batch = state.shape[0];
        using var parts = state.view(batch, Shape.StateParts, Shape.NumberOfLayers * Shape.Directions, Shape.HiddenSize);   // -> (B, P, L·K, H)
        using var moved = parts.permute(1, 2, 0, 3);                                                                          // -> (P, L·K, B, H)
        return moved.contiguous();
    }

    /// <summary>The inverse of <see cref="SplitState"/>: final h (and c) as one row per sequence.</summary>
    /// <param name="hn">(L·K, B, H).</param>
    /// <param name="cn">(L·K, B, H) for an LSTM; otherwise null.</param>
    /// <returns>(B, S).</returns>
    private static Tensor JoinState(Tensor hn, Tensor? cn)
    {
        using var stacked = cn is null ? hn.unsqueeze(0) : stack(new[] { hn, cn });   // -> (P, L·K, B, H)
        using var perRow = stacked.permute(2, 0, 1, 3);                                  // -> (B, P, L·K, H)
        return perRow.reshape(hn.shape[1], -1);                                           // -> (B, S)
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

    /// <summary>Runs the recurrent module from <paramref name="start"/> ((P, L·K, B, H); null: zeros).</summary>
    /// <returns>Outputs (B, T, K·H), final h (L·K, B, H) and, for an LSTM, final c (L·K, B, H).</returns>
    private (Tensor Outputs, Tensor Final, Tensor? FinalCell) Run(Tensor input, Tensor? start)
    {
        switch (recurrent)
        {
            case LSTM lstm:
                {
                    var (output, hn, cn) = lstm.call(input, start is null ? null : (start[0], start[1]));
                    return (output, hn, cn);
                }
            case GRU gru:
                {
                    var (output, hn) = gru.call(input, start?[0]);
                    return (output, hn, null);
                }
            default:
                {
                    var (output, hn) = ((RNN)recurrent).call(input, start?[0]);
                    return (output, hn, null);
                }
        }
    }

    /// <summary>Runs the recurrent module over packed rows from <paramref name="start"/> ((P, L·K, B, H) in the packed
    /// order; null: zeros).</summary>
    private (nn.utils.rnn.PackedSequence Outputs, Tensor Final, Tensor? FinalCell) Run(nn.utils.rnn.PackedSequence input, Tensor? start)
    {
        switch (recurrent)
        {
            case LSTM lstm:
                {
                    var (output, hn, cn) = lstm.call(input, start is null ? null : (start[0], start[1]));
                    return (output, hn, cn);
                }
            case GRU gru:
                {
                    var (output, hn) = gru.call(input, start?[0]);
                    return (output, hn, null);
                }
            default:
                {
                    var (output, hn) = ((RNN)recurrent).call(input, start?[0]);
                    return (output, hn, null);
                }
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
