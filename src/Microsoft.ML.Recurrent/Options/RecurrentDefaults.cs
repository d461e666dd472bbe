namespace Microsoft.ML.Recurrent;

/// <summary>Every default of the recurrent estimators' options, in one place.</summary>
public static class RecurrentDefaults
{
    /// <summary>Default feature column: <c>"Features"</c>.</summary>
    public const string FeatureColumnName = "Features";

    /// <summary>Default label column: <c>"Label"</c>.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>Default values per time step: 1 (a univariate sequence).</summary>
    public const int InputSize = 1;

    /// <summary>Default cell of the classifiers and regressor: <see cref="RecurrentCellType.Gru"/> (with clipping it learned
    /// every UCR/UEA set of the samples above the 1-NN DTW reference; LSTM stalled on GunPoint).</summary>
    public const RecurrentCellType CellType = RecurrentCellType.Gru;

    /// <summary>Default gradient clipping norm of the classifiers and regressor: 1.</summary>
    public const float GradientClipNorm = 1f;

    /// <summary>Default cell of the forecaster: <see cref="RecurrentCellType.Lstm"/>.</summary>
    public const RecurrentCellType ForecastingCellType = RecurrentCellType.Lstm;

    /// <summary>Default hidden state size: 64.</summary>
    public const int HiddenSize = 64;

    /// <summary>Default number of stacked recurrent layers: 1.</summary>
    public const int NumberOfLayers = 1;

    /// <summary>Default direction: forward only.</summary>
    public const bool Bidirectional = false;

    /// <summary>Default dropout probability: 0 (off).</summary>
    public const float Dropout = 0f;

    /// <summary>Default number of passes over the training data: 100.</summary>
    public const int NumberOfEpochs = 100;

    /// <summary>Default rows per mini-batch: 32.</summary>
    public const int BatchSize = 32;

    /// <summary>Default Adam learning rate: 0.005.</summary>
    public const float LearningRate = 0.005f;

    /// <summary>Default: features are standardised per input channel with statistics of the training data.</summary>
    public const bool NormalizeFeatures = true;

    /// <summary>Default: variable-length training rows are batched with rows of similar length.</summary>
    public const bool BucketByLength = true;

    /// <summary>With <see cref="RecurrentNetworkOptions.NumberOfThreads"/> null: the multiply-adds per time step (rows ×
    /// gates × hidden size × (input size + hidden size) × directions) from which training and scoring use every core
    /// instead of one.</summary>
    public const double ParallelWorkThreshold = 250_000;
}
