namespace Microsoft.ML.Recurrent;

/// <summary>The recurrent cell a network is built from.</summary>
public enum RecurrentCellType
{
    /// <summary>The Elman cell: <c>h' = tanh(W·x + b + U·h + c)</c>.</summary>
    Rnn,

    /// <summary>Long short-term memory (Hochreiter and Schmidhuber, 1997), as <c>torch.nn.LSTM</c>.</summary>
    Lstm,

    /// <summary>Gated recurrent unit (Cho et al., 2014), as <c>torch.nn.GRU</c>.</summary>
    Gru,
}
