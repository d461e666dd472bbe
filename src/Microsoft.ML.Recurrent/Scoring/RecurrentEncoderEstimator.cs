using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;

namespace Microsoft.ML.Recurrent;

/// <summary>Trains a recurrent network and returns it as a featurizer (see <see cref="RecurrentPredictionTransformer.AsEncoder(string)"/>).
/// Create it with <c>mlContext.Transforms.RecurrentEncoder(trainer)</c>.</summary>
public sealed class RecurrentEncoderEstimator : IEstimator<RecurrentPredictionTransformer>
{
    private readonly RecurrentTrainerBase _trainer;
    private readonly string _outputColumnName;

    internal RecurrentEncoderEstimator(RecurrentTrainerBase trainer, string outputColumnName)
    {
        _trainer = trainer;
        _outputColumnName = outputColumnName;
    }

    /// <summary>Trains the network on <paramref name="input"/> and returns its encoder.</summary>
    public RecurrentPredictionTransformer Fit(IDataView input)
    {
        // The encoder takes over the trained network; the classifier/regressor head is simply not used.
        return _trainer.Fit(input).AsEncoder(_outputColumnName, ownsNetwork: true);
    }

    /// <summary>The input columns plus the encoding vector column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _trainer.GetOutputSchema(inputSchema);   // checks the feature and label columns
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_outputColumnName] = MLNetInternals.CreateColumn(_outputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }
}
