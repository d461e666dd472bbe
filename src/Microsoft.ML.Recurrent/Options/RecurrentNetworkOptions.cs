using System.Collections.Generic;
using System.Threading;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// The network and training settings shared by every recurrent estimator. Words follow PyTorch and Keras for the
/// network (<see cref="HiddenSize"/>, <see cref="NumberOfLayers"/>, <see cref="Bidirectional"/>) and ML.NET for the rest.
/// </summary>
public abstract class RecurrentNetworkOptions
{
    /// <summary>The recurrent cell.</summary>
    /// <value>The default value is <see cref="RecurrentCellType.Gru"/> (<see cref="RecurrentCellType.Lstm"/> for the forecaster).</value>
    public RecurrentCellType CellType { get; set; } = RecurrentDefaults.CellType;

    /// <summary>Size of the hidden state of each layer and direction.</summary>
    /// <value>The default value is 64.</value>
    public int HiddenSize { get; set; } = RecurrentDefaults.HiddenSize;

    /// <summary>Number of stacked recurrent layers.</summary>
    /// <value>The default value is 1.</value>
    public int NumberOfLayers { get; set; } = RecurrentDefaults.NumberOfLayers;

    /// <summary>Whether each layer also reads the sequence backwards; the final forward and backward states are both used.</summary>
    /// <value>The default value is false.</value>
    public bool Bidirectional { get; set; } = RecurrentDefaults.Bidirectional;

    /// <summary>Dropout probability between stacked layers and before the output layer, during training only; in [0, 1).</summary>
    /// <value>The default value is 0.</value>
    public float Dropout { get; set; } = RecurrentDefaults.Dropout;

    /// <summary>Number of passes over the training data.</summary>
    /// <value>The default value is 100.</value>
    public int NumberOfEpochs { get; set; } = RecurrentDefaults.NumberOfEpochs;

    /// <summary>Rows per mini-batch, in training and in scoring.</summary>
    /// <value>The default value is 32.</value>
    public int BatchSize { get; set; } = RecurrentDefaults.BatchSize;

    /// <summary>Learning rate of the Adam optimiser.</summary>
    /// <value>The default value is 0.005.</value>
    public float LearningRate { get; set; } = RecurrentDefaults.LearningRate;

    /// <summary>Largest L2 norm of all gradients together before each step (<c>clip_grad_norm_</c>); null switches clipping off.</summary>
    /// <value>The default value is 1 (null for the forecaster).</value>
    public float? GradientClipNorm { get; set; } = RecurrentDefaults.GradientClipNorm;

    /// <summary>With a validation set: stop after this many epochs without a better validation loss, and keep the best
    /// weights. Null switches early stopping off (the best weights are still restored when a validation set is given).</summary>
    /// <value>The default value is null.</value>
    public int? EarlyStoppingPatience { get; set; }

    /// <summary>Threads libtorch uses for training and for scoring with the fitted model in this process (a model loaded
    /// from a file chooses by problem size). Null chooses by problem size: one thread for small work per time step —
    /// fewer than <see cref="RecurrentDefaults.ParallelWorkThreshold"/> multiply-adds, that is rows × gates (LSTM 4,
    /// GRU 3, RNN 1) × <see cref="HiddenSize"/> × (input size + <see cref="HiddenSize"/>) × directions,
    /// which covers one-row <c>PredictionEngine</c> calls and small hidden sizes — and every core above it. The setting
    /// applies to the calling thread while the model trains or scores and is restored afterwards.</summary>
    /// <value>The default value is null (chosen by problem size).</value>
    public int? NumberOfThreads { get; set; }

    /// <summary>Cancels training between mini-batches; <c>Fit</c> then throws <see cref="System.OperationCanceledException"/>.</summary>
    /// <value>The default value is <see cref="CancellationToken.None"/>.</value>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>A copy taken when an estimator is created, so that changing the options object afterwards neither
    /// changes the estimator nor slips a setting past validation (a batch size of 0 set after creation made
    /// <c>Fit</c> loop for ever). Lists are copied too.</summary>
    internal virtual RecurrentNetworkOptions Snapshot() => (RecurrentNetworkOptions)MemberwiseClone();

    /// <summary>Adds a description of every invalid setting to <paramref name="problems"/>.</summary>
    /// <param name="problems">Where problems are collected.</param>
    internal virtual void CollectProblems(List<string> problems)
    {
        OptionsValidator.Positive(problems, nameof(HiddenSize), HiddenSize);
        OptionsValidator.Positive(problems, nameof(NumberOfLayers), NumberOfLayers);
        OptionsValidator.Positive(problems, nameof(NumberOfEpochs), NumberOfEpochs);
        OptionsValidator.Positive(problems, nameof(BatchSize), BatchSize);
        OptionsValidator.Defined(problems, nameof(CellType), CellType);
        OptionsValidator.Probability(problems, nameof(Dropout), Dropout);
        OptionsValidator.PositiveFinite(problems, nameof(LearningRate), LearningRate);
        if (GradientClipNorm is float clip)
            OptionsValidator.PositiveFinite(problems, nameof(GradientClipNorm), clip, "or null to switch clipping off");
        if (NumberOfThreads is int threads)
            OptionsValidator.Positive(problems, nameof(NumberOfThreads), threads, "or null to choose by problem size");
        if (EarlyStoppingPatience is int patience)
            OptionsValidator.Positive(problems, nameof(EarlyStoppingPatience), patience, "or null to switch early stopping off");
    }
}
