using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Benchmarks.HandWritten;

/// <summary>
/// The network a TorchSharp user would write by hand: a recurrent encoder and a linear head on the last layer's final
/// hidden state. Built with the same constructors, arguments and order as the library's network, so the same seed
/// gives the same initial weights; field names match the library's state-dict keys, so its weights load here.
/// </summary>
internal sealed class HandNetwork : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // state-dict names
    private readonly nn.Module recurrent;
    private readonly Linear head;
#pragma warning restore IDE1006
    private readonly int _layers;

    public HandNetwork(NetworkSpec spec)
        : base(nameof(HandNetwork))
    {
        _layers = spec.Layers;
        recurrent = spec.Cell switch
        {
            RecurrentCellType.Lstm => nn.LSTM(spec.InputSize, spec.HiddenSize, spec.Layers, batchFirst: true),
            RecurrentCellType.Gru => nn.GRU(spec.InputSize, spec.HiddenSize, spec.Layers, batchFirst: true),
            _ => nn.RNN(spec.InputSize, spec.HiddenSize, spec.Layers, nn.NonLinearities.Tanh, batchFirst: true),
        };
        head = nn.Linear(spec.HiddenSize, spec.OutputSize);
        RegisterComponents();
    }

    /// <summary>Scores a batch of equal-length (or padded) sequences.</summary>
    /// <param name="input">(B, T, D).</param>
    /// <returns>(B, O).</returns>
    public override Tensor forward(Tensor input)
    {
        // B: batch, T: steps, D: input size, L: layers, H: hidden size, O: outputs.
        Tensor hn = recurrent switch                                       // -> (L, B, H)
        {
            LSTM lstm => lstm.call(input, null).Item2,
            GRU gru => gru.call(input, null).Item2,
            RNN rnn => rnn.call(input, null).Item2,
            _ => throw new InvalidOperationException(),
        };
        return head.call(hn[_layers - 1]);                                  // -> (B, O)
    }
}
