using System;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Evaluation;

namespace Microsoft.ML;

/// <summary>Recurrent trainers with an output at every step (many-to-many) or a sequence from one input (one-to-many),
/// on ML.NET's standard catalogs.</summary>
public static class RecurrentPerStepCatalog
{
    /// <summary>A recurrent classifier of every time step (many-to-many): one class per step.</summary>
    /// <param name="catalog">The multiclass classification catalog's trainers.</param>
    /// <param name="labelColumnName">The label column: a vector of keys, one per time step.</param>
    /// <param name="featureColumnName">The Vector&lt;Single&gt; column holding each sequence flattened time-major.</param>
    /// <param name="inputSize">Values per time step.</param>
    /// <param name="cellType">The recurrent cell.</param>
    /// <param name="hiddenSize">Hidden size per layer and direction.</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="bidirectional">Whether layers also read backwards (each step then sees the whole row).</param>
    /// <param name="numberOfEpochs">Passes over the training data.</param>
    /// <param name="batchSize">Rows per mini-batch.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentPerStepClassificationTrainer RecurrentPerStep(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string featureColumnName = RecurrentDefaults.FeatureColumnName,
        int inputSize = RecurrentDefaults.InputSize, RecurrentCellType cellType = RecurrentDefaults.CellType,
        int hiddenSize = RecurrentDefaults.HiddenSize, int numberOfLayers = RecurrentDefaults.NumberOfLayers,
        bool bidirectional = RecurrentDefaults.Bidirectional, int numberOfEpochs = RecurrentDefaults.NumberOfEpochs,
        int batchSize = RecurrentDefaults.BatchSize, float learningRate = RecurrentDefaults.LearningRate)
        => RecurrentPerStep(catalog, RecurrentCatalog.Fill(new RecurrentPerStepClassificationOptions(), labelColumnName, featureColumnName, inputSize,
            cellType, hiddenSize, numberOfLayers, bidirectional, numberOfEpochs, batchSize, learningRate));

    /// <summary>A recurrent classifier of every time step, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The multiclass classification catalog's trainers.</param>
    /// <param name="options">All settings; validated at once.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentPerStepClassificationTrainer RecurrentPerStep(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        RecurrentPerStepClassificationOptions options)
        => new(MLNetInternals.GetEnvironment(catalog), options);

    /// <summary>A recurrent regressor of every time step (many-to-many): one number per step.</summary>
    /// <param name="catalog">The regression catalog's trainers.</param>
    /// <param name="labelColumnName">The label column: a vector of Single or Double, one per time step.</param>
    /// <param name="featureColumnName">The Vector&lt;Single&gt; column holding each sequence flattened time-major.</param>
    /// <param name="inputSize">Values per time step.</param>
    /// <param name="cellType">The recurrent cell.</param>
    /// <param name="hiddenSize">Hidden size per layer and direction.</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="bidirectional">Whether layers also read backwards (each step then sees the whole row).</param>
    /// <param name="numberOfEpochs">Passes over the training data.</param>
    /// <param name="batchSize">Rows per mini-batch.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentPerStepRegressionTrainer RecurrentPerStep(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string featureColumnName = RecurrentDefaults.FeatureColumnName,
        int inputSize = RecurrentDefaults.InputSize, RecurrentCellType cellType = RecurrentDefaults.CellType,
        int hiddenSize = RecurrentDefaults.HiddenSize, int numberOfLayers = RecurrentDefaults.NumberOfLayers,
        bool bidirectional = RecurrentDefaults.Bidirectional, int numberOfEpochs = RecurrentDefaults.NumberOfEpochs,
        int batchSize = RecurrentDefaults.BatchSize, float learningRate = RecurrentDefaults.LearningRate)
        => RecurrentPerStep(catalog, RecurrentCatalog.Fill(new RecurrentPerStepRegressionOptions(), labelColumnName, featureColumnName, inputSize,
            cellType, hiddenSize, numberOfLayers, bidirectional, numberOfEpochs, batchSize, learningRate));

    /// <summary>A recurrent regressor of every time step, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The regression catalog's trainers.</param>
    /// <param name="options">All settings; validated at once.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentPerStepRegressionTrainer RecurrentPerStep(this RegressionCatalog.RegressionTrainers catalog, RecurrentPerStepRegressionOptions options)
        => new(MLNetInternals.GetEnvironment(catalog), options);

    /// <summary>A recurrent network that turns one input into a sequence of <paramref name="outputLength"/> numbers (one-to-many).</summary>
    /// <param name="catalog">The regression catalog's trainers.</param>
    /// <param name="outputLength">Output steps per row.</param>
    /// <param name="labelColumnName">The label column: a vector of <paramref name="outputLength"/> Single or Double values.</param>
    /// <param name="featureColumnName">The input column: a Single, or a vector of <paramref name="inputSize"/> Single values.</param>
    /// <param name="inputSize">Values in the input.</param>
    /// <param name="cellType">The recurrent cell.</param>
    /// <param name="hiddenSize">Hidden size per layer and direction.</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="numberOfEpochs">Passes over the training data.</param>
    /// <param name="batchSize">Rows per mini-batch.</param>
    /// <param name="learningRate">Adam learning rate.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentOneToManyRegressionTrainer RecurrentOneToMany(this RegressionCatalog.RegressionTrainers catalog, int outputLength,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string featureColumnName = RecurrentDefaults.FeatureColumnName,
        int inputSize = RecurrentDefaults.InputSize, RecurrentCellType cellType = RecurrentDefaults.CellType,
        int hiddenSize = RecurrentDefaults.HiddenSize, int numberOfLayers = RecurrentDefaults.NumberOfLayers,
        int numberOfEpochs = RecurrentDefaults.NumberOfEpochs, int batchSize = RecurrentDefaults.BatchSize, float learningRate = RecurrentDefaults.LearningRate)
    {
        var options = RecurrentCatalog.Fill(new RecurrentOneToManyRegressionOptions(), labelColumnName, featureColumnName, inputSize,
            cellType, hiddenSize, numberOfLayers, bidirectional: false, numberOfEpochs, batchSize, learningRate);
        options.OutputLength = outputLength;
        return RecurrentOneToMany(catalog, options);
    }

    /// <summary>A recurrent network that turns one input into a sequence of numbers, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The regression catalog's trainers.</param>
    /// <param name="options">All settings; validated at once.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentOneToManyRegressionTrainer RecurrentOneToMany(this RegressionCatalog.RegressionTrainers catalog, RecurrentOneToManyRegressionOptions options)
        => new(MLNetInternals.GetEnvironment(catalog), options);

    /// <summary>
    /// ML.NET's multiclass metrics over every valid step of data scored by a per-step classifier: each step counts as
    /// one prediction (micro accuracy is the share of steps predicted right).
    /// </summary>
    /// <param name="catalog">The multiclass classification catalog.</param>
    /// <param name="data">Scored data: the label vector and the model's per-step outputs.</param>
    /// <param name="labelColumnName">The label column: a vector of keys, one per step.</param>
    /// <param name="scoreColumnName">The per-step probabilities the model wrote.</param>
    /// <param name="predictedLabelColumnName">The per-step predicted keys the model wrote.</param>
    /// <param name="topKPredictionCount">If positive, also the top-K accuracy.</param>
    /// <returns>The metrics.</returns>
    public static MulticlassClassificationMetrics EvaluatePerStep(this MulticlassClassificationCatalog catalog, IDataView data,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel", int topKPredictionCount = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        var steps = PerStepRows.Classification(data, labelColumnName, scoreColumnName, predictedLabelColumnName);
        return catalog.Evaluate(steps, topKPredictionCount: topKPredictionCount);
    }

    /// <summary>
    /// ML.NET's regression metrics over every valid step of data scored by a per-step or one-to-many regressor: each
    /// step counts as one prediction.
    /// </summary>
    /// <param name="catalog">The regression catalog.</param>
    /// <param name="data">Scored data: the label vector and the model's per-step scores.</param>
    /// <param name="labelColumnName">The label column: a vector of Single or Double, one per step.</param>
    /// <param name="scoreColumnName">The per-step scores the model wrote.</param>
    /// <returns>The metrics.</returns>
    public static RegressionMetrics EvaluatePerStep(this RegressionCatalog catalog, IDataView data,
        string labelColumnName = RecurrentDefaults.LabelColumnName, string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        return catalog.Evaluate(PerStepRows.Regression(data, labelColumnName, scoreColumnName));
    }
}
