using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Trains a recurrent network (RNN, LSTM or GRU) that turns one input into a sequence of numbers (one-to-many).
/// Create it with <c>mlContext.Regression.Trainers.RecurrentOneToMany(...)</c>; evaluate it with
/// <c>mlContext.Regression.EvaluatePerStep(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Single, or Vector of Single with InputSize values: the one input.</description></item>
/// <item><term>Label (input)</term><description>Vector of OutputLength Single or Double values.</description></item>
/// <item><term>Score (output)</term><description>Vector of OutputLength Single values, on the label's scale.</description></item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// // rows: X = a number (Single), Label = X, 2X, …, 10X.
/// var model = ml.Regression.Trainers.RecurrentOneToMany(outputLength: 10, featureColumnName: "X").Fit(data);
/// </code>
/// A runnable sample: <c>Multiples</c> in <c>src/Samples</c>.
/// </example>
public sealed class RecurrentOneToManyRegressionTrainer : RecurrentTrainerBase
{
    internal RecurrentOneToManyRegressionTrainer(IHostEnvironment env, RecurrentOneToManyRegressionOptions options)
        : base(env, options, CreateTask(options?.OutputLength ?? 0))
    {
    }

    private static System.Func<PredictionTask> CreateTask(int outputLength) => () => new PerStepRegressionTask(outputLength);
}
