using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Trains a recurrent network (RNN, LSTM or GRU) that predicts a number at every time step of a sequence
/// (many-to-many). Create it with <c>mlContext.Regression.Trainers.RecurrentPerStep(...)</c>; evaluate it with
/// <c>mlContext.Regression.EvaluatePerStep(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Vector of Single: the sequence flattened time-major, InputSize values per step; rows may differ in length.</description></item>
/// <item><term>Label (input)</term><description>Vector of Single or Double, one value per time step.</description></item>
/// <item><term>Score (output)</term><description>Vector of Single: one prediction per step, on the label's scale.</description></item>
/// </list>
/// A forward-only network predicts each step from the steps up to it (causal); a bidirectional one sees the whole row.
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// // rows: Features = x₁…x_T, Label = x₁, x₁+x₂, …, x₁+…+x_T (the running sum).
/// var model = ml.Regression.Trainers.RecurrentPerStep(numberOfEpochs: 100).Fit(data);
/// var metrics = ml.Regression.EvaluatePerStep(model.Transform(testData));
/// </code>
/// A runnable sample: <c>RunningSum</c> in <c>src/Samples</c>.
/// </example>
public sealed class RecurrentPerStepRegressionTrainer : RecurrentTrainerBase
{
    internal RecurrentPerStepRegressionTrainer(IHostEnvironment env, RecurrentPerStepRegressionOptions options)
        : base(env, options, () => new PerStepRegressionTask(repeatSteps: 0))
    {
    }
}
