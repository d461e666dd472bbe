namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>What an encoder outputs per sequence.</summary>
internal enum EncoderOutput
{
    /// <summary>The last layer's final hidden state: directions × hidden size values.</summary>
    LastLayer,

    /// <summary>The last layer's state at every step: steps × directions × hidden size values.</summary>
    AllSteps,

    /// <summary>The complete final state (every layer and direction; h, then c for an LSTM), in the layout an initial
    /// state takes: <c>NetworkShape.StateSize</c> values.</summary>
    FullState,
}
