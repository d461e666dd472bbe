using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Trains a recurrent network (RNN, LSTM or GRU) that predicts one number per sequence (many-to-one).
/// Create it with <c>mlContext.Regression.Trainers.Recurrent(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Vector of Single, known or unknown size: the sequence flattened time-major, InputSize values per step.</description></item>
/// <item><term>Label (input)</term><description>Single or Double.</description></item>
/// <item><term>Score (output)</term><description>Single: the prediction, on the label's scale.</description></item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// // trainingData, validationData, testData: Features (each sequence flattened time-major) and a Single Label.
/// var options = new RecurrentRegressionOptions { CellType = RecurrentCellType.Lstm, NumberOfEpochs = 50, ValidationSet = validationData, EarlyStoppingPatience = 5 };
/// var model = ml.Regression.Trainers.Recurrent(options).Fit(trainingData);
/// var metrics = ml.Regression.Evaluate(model.Transform(testData));
/// Console.WriteLine($"RMSE {metrics.RootMeanSquaredError:F3}, best epoch {model.TrainingHistory.BestEpoch}");
/// </code>
/// A complete program: the Quickstart of the README (with the regression catalog); runnable samples on real data:
/// <c>src/Samples</c> in the repository.
/// </example>
public sealed class RecurrentRegressionTrainer : RecurrentTrainerBase
{
    internal RecurrentRegressionTrainer(IHostEnvironment env, RecurrentRegressionOptions options)
        : base(env, options, () => new RegressionTask())
    {
    }
}
