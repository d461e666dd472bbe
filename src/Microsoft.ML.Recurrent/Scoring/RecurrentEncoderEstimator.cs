using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent;

/// <summary>Trains a recurrent network and returns it as a featurizer (see <see cref="RecurrentPredictionTransformer.AsEncoder(string, bool)"/>
/// and <see cref="RecurrentPredictionTransformer.AsFinalStateEncoder"/>). Create it with
/// <c>mlContext.Transforms.RecurrentEncoder(trainer)</c> or <c>mlContext.Transforms.RecurrentFinalStateEncoder(trainer)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Vector of Single: the sequence flattened time-major, as for the wrapped trainer.</description></item>
/// <item><term>Label (input, training only)</term><description>The wrapped trainer's label.</description></item>
/// <item><term>InitialState (input, when the trainer's InitialStateColumnName is set)</term><description>Vector of StateSize Single values: each row's initial state.</description></item>
/// <item><term>Encoding (output)</term><description>Vector of directions × HiddenSize Single values: the final hidden state of the last layer; with allStates, steps × directions × HiddenSize values (the state at every step, time-major); from RecurrentFinalStateEncoder, the complete final state (StateSize values: h of every layer and direction, then c for an LSTM).</description></item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// var pipeline = ml.Transforms.RecurrentEncoder(ml.BinaryClassification.Trainers.Recurrent(hiddenSize: 16), "Encoding")
///     .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(featureColumnName: "Encoding"));   // or FastTree, LightGBM, …
/// var model = pipeline.Fit(trainingData);   // trainingData: Features (sequences) and a Boolean Label
/// </code>
/// See test/Microsoft.ML.Recurrent.Tests/Scoring/RecurrentEncoderTests.cs for a run.
/// </example>
public sealed class RecurrentEncoderEstimator : IEstimator<RecurrentPredictionTransformer>
{
    private readonly RecurrentTrainerBase _trainer;
    private readonly string _outputColumnName;
    private readonly EncoderOutput _output;

    internal RecurrentEncoderEstimator(RecurrentTrainerBase trainer, string outputColumnName, EncoderOutput output)
    {
        _trainer = trainer;
        _outputColumnName = outputColumnName;
        _output = output;
    }

    /// <summary>Trains the network on <paramref name="input"/> and returns its encoder.</summary>
    public RecurrentPredictionTransformer Fit(IDataView input)
    {
        // The encoder takes over the trained network; the classifier/regressor head is simply not used.
        return _trainer.Fit(input).AsEncoder(_outputColumnName, _output, ownsNetwork: true);
    }

    /// <summary>The input columns plus the encoding vector column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _trainer.GetOutputSchema(inputSchema);   // checks the feature and label columns
        var columns = inputSchema.ToDictionary(c => c.Name);
        var kind = _output == EncoderOutput.AllSteps ? SchemaShape.Column.VectorKind.VariableVector : SchemaShape.Column.VectorKind.Vector;
        columns[_outputColumnName] = MLNetInternals.CreateColumn(_outputColumnName, kind, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }
}
