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
public sealed class RecurrentRegressionTrainer : RecurrentTrainerBase
{
    internal RecurrentRegressionTrainer(IHostEnvironment env, RecurrentRegressionOptions options)
        : base(env, options, () => new RegressionTask())
    {
    }
}
