using System;
using Microsoft.ML.Recurrent;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML;

/// <summary>A recurrent network as a featurizer on ML.NET's transforms catalog.</summary>
public static class RecurrentEncoderCatalog
{
    /// <summary>
    /// Trains <paramref name="trainer"/> (any recurrent classifier or regressor) and outputs, instead of its prediction,
    /// the final hidden state of each sequence as the vector column <paramref name="outputColumnName"/> — or, with
    /// <paramref name="allStates"/>, the last layer's state at every step (steps × directions × HiddenSize values,
    /// time-major) — so that any ML.NET trainer can learn from sequence features.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="trainer">The recurrent trainer whose network becomes the encoder.</param>
    /// <param name="outputColumnName">The vector column to add.</param>
    /// <param name="allStates">Whether to output every step's state rather than the final one.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentEncoderEstimator RecurrentEncoder(this TransformsCatalog catalog, RecurrentTrainerBase trainer, string outputColumnName = "Encoding", bool allStates = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        return new RecurrentEncoderEstimator(trainer, outputColumnName, allStates ? EncoderOutput.AllSteps : EncoderOutput.LastLayer);
    }

    /// <summary>
    /// Trains <paramref name="trainer"/> (any recurrent classifier or regressor) and outputs, instead of its prediction,
    /// each sequence's complete final state as the vector column <paramref name="outputColumnName"/>: every layer's and
    /// direction's final hidden state, then for an LSTM every cell state — PyTorch's <c>h_n</c> (and <c>c_n</c>)
    /// flattened, the layout of the trainer's <c>InitialStateColumnName</c> — so that the next chunk of a long
    /// sequence can start where this one ended (see <see cref="RecurrentPredictionTransformer.AsFinalStateEncoder"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="trainer">The recurrent trainer whose network becomes the encoder.</param>
    /// <param name="outputColumnName">The vector column to add (<see cref="RecurrentPredictionTransformer.StateSize"/> values).</param>
    /// <returns>The estimator.</returns>
    public static RecurrentEncoderEstimator RecurrentFinalStateEncoder(this TransformsCatalog catalog, RecurrentTrainerBase trainer, string outputColumnName = "FinalState")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        return new RecurrentEncoderEstimator(trainer, outputColumnName, EncoderOutput.FullState);
    }
}
