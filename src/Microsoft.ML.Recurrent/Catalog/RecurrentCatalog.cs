using Microsoft.ML.Recurrent;
using Microsoft.ML.Recurrent.Bridge;

namespace Microsoft.ML;

/// <summary>Recurrent (RNN, LSTM, GRU) trainers on ML.NET's standard catalogs.</summary>
public static class RecurrentCatalog
{
    /// <summary>A recurrent binary classifier of sequences.</summary>
    /// <param name="catalog">The binary classification catalog's trainers.</param>
    /// <param name="labelColumnName">The label column: Boolean, Single/Double, or a 2-value key.</param>
    /// <param name="featureColumnName">The Vector&lt;Single&gt; column holding each sequence flattened time-major.</param>
    /// <param name="inputSize">Values per time step.</param>
    /// <param name="cellType">The recurrent cell.</param>
    /// <param name="hiddenSize">Hidden size per layer and direction.</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="bidirectional">Whether layers also read backwards.</param>
    /// <param name="numberOfEpochs">Passes over the training data.</param>
    /// <param name="batchSize">Rows per mini-batch.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentBinaryClassificationTrainer Recurrent(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string featureColumnName = RecurrentDefaults.FeatureColumnName,
        int inputSize = RecurrentDefaults.InputSize, RecurrentCellType cellType = RecurrentDefaults.CellType,
        int hiddenSize = RecurrentDefaults.HiddenSize, int numberOfLayers = RecurrentDefaults.NumberOfLayers,
        bool bidirectional = RecurrentDefaults.Bidirectional, int numberOfEpochs = RecurrentDefaults.NumberOfEpochs,
        int batchSize = RecurrentDefaults.BatchSize, float learningRate = RecurrentDefaults.LearningRate)
        => Recurrent(catalog, Fill(new RecurrentBinaryClassificationOptions(), labelColumnName, featureColumnName, inputSize, cellType,
            hiddenSize, numberOfLayers, bidirectional, numberOfEpochs, batchSize, learningRate));

    /// <summary>A recurrent binary classifier of sequences, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The binary classification catalog's trainers.</param>
    /// <param name="options">All settings; validated at once.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentBinaryClassificationTrainer Recurrent(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        RecurrentBinaryClassificationOptions options)
        => new(MLNetInternals.GetEnvironment(catalog), options);

    /// <summary>A recurrent multiclass classifier of sequences.</summary>
    /// <param name="catalog">The multiclass classification catalog's trainers.</param>
    /// <param name="labelColumnName">The key-typed label column.</param>
    /// <param name="featureColumnName">The Vector&lt;Single&gt; column holding each sequence flattened time-major.</param>
    /// <param name="inputSize">Values per time step.</param>
    /// <param name="cellType">The recurrent cell.</param>
    /// <param name="hiddenSize">Hidden size per layer and direction.</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="bidirectional">Whether layers also read backwards.</param>
    /// <param name="numberOfEpochs">Passes over the training data.</param>
    /// <param name="batchSize">Rows per mini-batch.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentMulticlassClassificationTrainer Recurrent(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string featureColumnName = RecurrentDefaults.FeatureColumnName,
        int inputSize = RecurrentDefaults.InputSize, RecurrentCellType cellType = RecurrentDefaults.CellType,
        int hiddenSize = RecurrentDefaults.HiddenSize, int numberOfLayers = RecurrentDefaults.NumberOfLayers,
        bool bidirectional = RecurrentDefaults.Bidirectional, int numberOfEpochs = RecurrentDefaults.NumberOfEpochs,
        int batchSize = RecurrentDefaults.BatchSize, float learningRate = RecurrentDefaults.LearningRate)
        => Recurrent(catalog, Fill(new RecurrentMulticlassClassificationOptions(), labelColumnName, featureColumnName, inputSize, cellType,
            hiddenSize, numberOfLayers, bidirectional, numberOfEpochs, batchSize, learningRate));

    /// <summary>A recurrent multiclass classifier of sequences, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The multiclass classification catalog's trainers.</param>
    /// <param name="options">All settings; validated at once.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentMulticlassClassificationTrainer Recurrent(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        RecurrentMulticlassClassificationOptions options)
        => new(MLNetInternals.GetEnvironment(catalog), options);

    /// <summary>A recurrent regressor of sequences (one number per sequence).</summary>
    /// <param name="catalog">The regression catalog's trainers.</param>
    /// <param name="labelColumnName">The Single or Double label column.</param>
    /// <param name="featureColumnName">The Vector&lt;Single&gt; column holding each sequence flattened time-major.</param>
    /// <param name="inputSize">Values per time step.</param>
    /// <param name="cellType">The recurrent cell.</param>
    /// <param name="hiddenSize">Hidden size per layer and direction.</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="bidirectional">Whether layers also read backwards.</param>
    /// <param name="numberOfEpochs">Passes over the training data.</param>
    /// <param name="batchSize">Rows per mini-batch.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentRegressionTrainer Recurrent(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string featureColumnName = RecurrentDefaults.FeatureColumnName,
        int inputSize = RecurrentDefaults.InputSize, RecurrentCellType cellType = RecurrentDefaults.CellType,
        int hiddenSize = RecurrentDefaults.HiddenSize, int numberOfLayers = RecurrentDefaults.NumberOfLayers,
        bool bidirectional = RecurrentDefaults.Bidirectional, int numberOfEpochs = RecurrentDefaults.NumberOfEpochs,
        int batchSize = RecurrentDefaults.BatchSize, float learningRate = RecurrentDefaults.LearningRate)
        => Recurrent(catalog, Fill(new RecurrentRegressionOptions(), labelColumnName, featureColumnName, inputSize, cellType,
            hiddenSize, numberOfLayers, bidirectional, numberOfEpochs, batchSize, learningRate));

    /// <summary>A recurrent regressor of sequences, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The regression catalog's trainers.</param>
    /// <param name="options">All settings; validated at once.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentRegressionTrainer Recurrent(this RegressionCatalog.RegressionTrainers catalog, RecurrentRegressionOptions options)
        => new(MLNetInternals.GetEnvironment(catalog), options);

    internal static T Fill<T>(T options, string label, string feature, int inputSize, RecurrentCellType cellType, int hiddenSize,
        int numberOfLayers, bool bidirectional, int numberOfEpochs, int batchSize, float learningRate)
        where T : RecurrentSupervisedOptions
    {
        options.LabelColumnName = label;
        options.FeatureColumnName = feature;
        options.InputSize = inputSize;
        options.CellType = cellType;
        options.HiddenSize = hiddenSize;
        options.NumberOfLayers = numberOfLayers;
        options.Bidirectional = bidirectional;
        options.NumberOfEpochs = numberOfEpochs;
        options.BatchSize = batchSize;
        options.LearningRate = learningRate;
        return options;
    }
}
