using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Trains a recurrent network (RNN, LSTM or GRU) that answers yes or no for each sequence.
/// Create it with <c>mlContext.BinaryClassification.Trainers.Recurrent(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Vector of Single, known or unknown size: the sequence flattened time-major, InputSize values per step.</description></item>
/// <item><term>Label (input)</term><description>Boolean, Single/Double (positive when greater than 0), or a key with 2 values.</description></item>
/// <item><term>Score (output)</term><description>Single: the raw logit.</description></item>
/// <item><term>Probability (output)</term><description>Single: the sigmoid of the score.</description></item>
/// <item><term>PredictedLabel (output)</term><description>Boolean: true when the score is positive.</description></item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// // trainingData, testData: Features (each sequence flattened time-major, here 2 values per step) and a Boolean Label.
/// var model = ml.BinaryClassification.Trainers.Recurrent(inputSize: 2, cellType: RecurrentCellType.Gru, numberOfEpochs: 30)
///     .Fit(trainingData);
/// var metrics = ml.BinaryClassification.Evaluate(model.Transform(testData));
/// Console.WriteLine($"Accuracy {metrics.Accuracy:F3}, AUC {metrics.AreaUnderRocCurve:F3}");
/// </code>
/// A complete program: the Quickstart of the README; runnable samples on real data: <c>src/Samples</c> in the repository.
/// </example>
public sealed class RecurrentBinaryClassificationTrainer : RecurrentTrainerBase
{
    internal RecurrentBinaryClassificationTrainer(IHostEnvironment env, RecurrentBinaryClassificationOptions options)
        : base(env, options, () => new BinaryClassificationTask())
    {
    }
}
