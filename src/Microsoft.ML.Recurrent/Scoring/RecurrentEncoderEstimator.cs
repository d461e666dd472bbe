using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;

namespace Microsoft.ML.Recurrent;

/// <summary>Trains a recurrent network and returns it as a featurizer (see <see cref="RecurrentPredictionTransformer.AsEncoder(string, bool)"/>).
/// Create it with <c>mlContext.Transforms.RecurrentEncoder(trainer)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Features (input)</term><description>Vector of Single: the sequence flattened time-major, as for the wrapped trainer.</description></item>
/// <item><term>Label (input, training only)</term><description>The wrapped trainer's label.</description></item>
/// <item><term>Encoding (output)</term><description>Vector of directions × HiddenSize Single values: the final hidden state of the last layer; with allStates, steps × directions × HiddenSize values (the state at every step, time-major).</description></item>
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
    private readonly bool _allStates;

    internal RecurrentEncoderEstimator(RecurrentTrainerBase trainer, string outputColumnName, bool allStates)
    {
        _trainer = trainer;
        _outputColumnName = outputColumnName;
        _allStates = allStates;
    }

    /// <summary>Trains the network on <paramref name="input"/> and returns its encoder.</summary>
    public RecurrentPredictionTransformer Fit(IDataView input)
    {
        // The encoder takes over the trained network; the classifier/regressor head is simply not used.
        return _trainer.Fit(input).AsEncoder(_outputColumnName, _allStates, ownsNetwork: true);
    }

    /// <summary>The input columns plus the encoding vector column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _trainer.GetOutputSchema(inputSchema);   // checks the feature and label columns
        var columns = inputSchema.ToDictionary(c => c.Name);
        var kind = _allStates ? SchemaShape.Column.VectorKind.VariableVector : SchemaShape.Column.VectorKind.Vector;
        columns[_outputColumnName] = MLNetInternals.CreateColumn(_outputColumnName, kind, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }
}
