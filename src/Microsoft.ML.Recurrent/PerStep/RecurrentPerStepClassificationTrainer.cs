using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Trains a recurrent network (RNN, LSTM or GRU) that assigns a class to every time step of a sequence (many-to-many).
/// Create it with <c>mlContext.MulticlassClassification.Trainers.RecurrentPerStep(...)</c>; evaluate it with
/// <c>mlContext.MulticlassClassification.EvaluatePerStep(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Vector of Single: the sequence flattened time-major, InputSize values per step; rows may differ in length.</description></item>
/// <item><term>Label (input)</term><description>Vector of UInt32 keys (MapValueToKey on a vector of classes), one per time step.</description></item>
/// <item><term>Score (output)</term><description>Vector of Single: for each step, one probability per class (steps × classes, time-major).</description></item>
/// <item><term>PredictedLabel (output)</term><description>Vector of keys, one per step, with the label's KeyValues (MapKeyToValue works).</description></item>
/// </list>
/// A forward-only network predicts each step from the steps up to it (causal); a bidirectional one sees the whole row.
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// // rows: Features = one-hot characters of a text (InputSize = alphabet size), Chars = the next character at each step.
/// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Chars")
///     .Append(ml.MulticlassClassification.Trainers.RecurrentPerStep(inputSize: alphabet, numberOfEpochs: 200));
/// var model = pipeline.Fit(data);
/// var metrics = ml.MulticlassClassification.EvaluatePerStep(model.Transform(data));
/// </code>
/// A runnable sample: <c>NextChar</c> in <c>src/Samples</c>.
/// </example>
public sealed class RecurrentPerStepClassificationTrainer : RecurrentTrainerBase
{
    internal RecurrentPerStepClassificationTrainer(IHostEnvironment env, RecurrentPerStepClassificationOptions options)
        : base(env, options, () => new PerStepClassificationTask())
    {
    }
}
