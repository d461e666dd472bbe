using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Trains a recurrent network (RNN, LSTM or GRU) that assigns each sequence one of several classes.
/// Create it with <c>mlContext.MulticlassClassification.Trainers.Recurrent(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Vector of Single, known or unknown size: the sequence flattened time-major, InputSize values per step.</description></item>
/// <item><term>Label (input)</term><description>Key (use MapValueToKey); the number of classes is the key count.</description></item>
/// <item><term>Score (output)</term><description>Vector of Single, one probability per class, with SlotNames.</description></item>
/// <item><term>PredictedLabel (output)</term><description>Key of the label's count, with the label's KeyValues (MapKeyToValue works).</description></item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// // trainingData, testData: Features (each sequence flattened time-major) and a string Label.
/// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
///     .Append(ml.MulticlassClassification.Trainers.Recurrent(hiddenSize: 32, numberOfEpochs: 30))
///     .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
/// var model = pipeline.Fit(trainingData);
/// Console.WriteLine(ml.MulticlassClassification.Evaluate(model.Transform(testData)).MicroAccuracy);
/// ml.Model.Save(model, trainingData.Schema, "model.zip");
/// </code>
/// A complete program: the Quickstart of the README, and <c>test/consumer/app/MulticlassScenario.cs</c> (trains, saves,
/// and loads in a second process); runnable samples on real data: <c>src/Samples</c> in the repository.
/// </example>
public sealed class RecurrentMulticlassClassificationTrainer : RecurrentTrainerBase
{
    internal RecurrentMulticlassClassificationTrainer(IHostEnvironment env, RecurrentMulticlassClassificationOptions options)
        : base(env, options, () => new MulticlassClassificationTask())
    {
    }
}
