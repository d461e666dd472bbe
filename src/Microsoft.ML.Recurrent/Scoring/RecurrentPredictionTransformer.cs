using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Persistence;
using Microsoft.ML.Recurrent.Scoring;
using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// A fitted recurrent model: scores a sequence column in batches and appends the task's output columns
/// (<c>Score</c>, and <c>Probability</c>/<c>PredictedLabel</c> for classification). Save it with
/// <c>mlContext.Model.Save</c>; load it with <c>mlContext.Model.Load</c> in any process, with no extra call.
/// </summary>
public sealed class RecurrentPredictionTransformer : ITransformer, IDisposable
{
    internal RecurrentPredictionTransformer(IHostEnvironment env, RecurrentModel model, string featureColumnName, int inputSize,
        OutputColumnNames outputNames, RecurrentTrainingHistory history, string? initialStateColumnName = null)
    {
        Environment = env;
        Model = model;
        FeatureColumnName = featureColumnName;
        InitialStateColumnName = initialStateColumnName;
        InitialState = Data.InitialStateColumn.Of(initialStateColumnName, model.Shape);
        InputSize = inputSize;
        OutputNames = outputNames;
        TrainingHistory = history;
    }

    /// <summary>The sequence column the model reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>Values per time step the model was trained with.</summary>
    public int InputSize { get; }

    /// <summary>The column each row's initial state is read from (the trainer's <c>InitialStateColumnName</c>), or null
    /// when every row starts from zeros.</summary>
    public string? InitialStateColumnName { get; }

    /// <summary>Values in a complete state of this network, initial or final: (2 for an LSTM, else 1) × layers ×
    /// directions × HiddenSize, h as (layers × directions, HiddenSize) row-major, then c for an LSTM (PyTorch's
    /// <c>h_n</c> and <c>c_n</c> layout, flattened). The initial-state column and <see cref="AsFinalStateEncoder"/>'s output have this size.</summary>
    public int StateSize => Model.Shape.StateSize;

    /// <summary>The recurrent cell of the network.</summary>
    public RecurrentCellType CellType => Model.Shape.CellType;

    /// <summary>Per-epoch losses and metrics of the training run.</summary>
    public RecurrentTrainingHistory TrainingHistory { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <summary>
    /// This network as a featurizer: a transformer that adds the last layer's final hidden state of each sequence
    /// (bidirectional: the forward direction's state at the last step, then the backward direction's at the first step,
    /// where it ends) as a vector column, for any ML.NET trainer (FastTree, SDCA, LightGBM, …) —
    /// or, with <paramref name="allStates"/>, the last layer's state at every step (steps × directions × HiddenSize
    /// values, time-major, in a vector of varying length). It shares this model's weights; save it like any transformer.
    /// </summary>
    /// <param name="outputColumnName">The vector column to add.</param>
    /// <param name="allStates">Whether to output every step's state rather than the final one.</param>
    /// <returns>The encoder.</returns>
    public RecurrentPredictionTransformer AsEncoder(string outputColumnName = "Encoding", bool allStates = false) => AsEncoder(outputColumnName, allStates, ownsNetwork: false);

    internal RecurrentPredictionTransformer AsEncoder(string outputColumnName, bool allStates, bool ownsNetwork)
        => AsEncoder(outputColumnName, allStates ? EncoderOutput.AllSteps : EncoderOutput.LastLayer, ownsNetwork);

    /// <summary>
    /// This network as a featurizer of its complete final state: a transformer that adds, for each sequence, every
    /// layer's and direction's final hidden state (and for an LSTM every cell state) as a vector of
    /// <see cref="StateSize"/> values, in the layout the trainer's <c>InitialStateColumnName</c> takes (h as (layers ×
    /// directions, HiddenSize) row-major, then c) — PyTorch's <c>h_n</c> (and <c>c_n</c>) flattened. Each direction's
    /// state is taken where that direction ends (bidirectional: the backward direction's at the first step). Give a
    /// chunk's final state as the next chunk's initial state to score a long sequence in pieces: for a forward-only
    /// network the result equals scoring it whole. It reads the initial-state column when the model has one and
    /// shares this model's weights; save it like any transformer.
    /// </summary>
    /// <param name="outputColumnName">The vector column to add.</param>
    /// <returns>The encoder.</returns>
    public RecurrentPredictionTransformer AsFinalStateEncoder(string outputColumnName = "FinalState")
        => AsEncoder(outputColumnName, EncoderOutput.FullState, ownsNetwork: false);

    internal RecurrentPredictionTransformer AsEncoder(string outputColumnName, EncoderOutput output, bool ownsNetwork)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        return new RecurrentPredictionTransformer(Environment, Model.AsEncoder(ownsNetwork, output), FeatureColumnName, InputSize,
            new OutputColumnNames(Score: outputColumnName), TrainingHistory, InitialStateColumnName);
    }

    /// <summary>The values of every weight tensor, flattened row-major, by PyTorch state-dict name
    /// (e.g. "recurrent.weight_ih_l0", shaped as <see cref="GetParameterSummary"/> says): to inspect or check the network.</summary>
    public System.Collections.Generic.IReadOnlyDictionary<string, float[]> GetWeights() => Model.Weights();

    /// <summary>The network's weight tensors (name, shape, count) and their total.</summary>
    public RecurrentParameterSummary GetParameterSummary() => Model.ParameterSummary();

    /// <summary>The last layer's hidden state at every step of <paramref name="sequence"/> (forward and backward
    /// directions concatenated): one array of directions × HiddenSize values per step. For a bidirectional network
    /// the final state <see cref="AsEncoder(string, bool)"/> gives is the forward half of the last step's array and
    /// the backward half of the first step's.</summary>
    /// <param name="sequence">One sequence, flattened time-major, <see cref="InputSize"/> values per step.</param>
    /// <returns>The states, one per step.</returns>
    public float[][] GetHiddenStates(float[] sequence) => GetHiddenStates(sequence, null);

    /// <summary>The last layer's hidden state at every step of <paramref name="sequence"/>, starting from
    /// <paramref name="initialState"/>: one array of directions × HiddenSize values per step.</summary>
    /// <param name="sequence">One sequence, flattened time-major, <see cref="InputSize"/> values per step.</param>
    /// <param name="initialState">The complete initial state (<see cref="StateSize"/> values, in the layout of the
    /// initial-state column), or null: zeros.</param>
    /// <returns>The states, one per step.</returns>
    public float[][] GetHiddenStates(float[] sequence, float[]? initialState)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var checkedSequence = Data.SequenceColumn.ToArray(new VBuffer<float>(sequence.Length, sequence), FeatureColumnName, 0, InputSize, scoring: true);
        Model.Task.CheckRowLength(FeatureColumnName, 0, checkedSequence.Length, InputSize);   // a one-to-many model takes one input
        if (initialState is not null)
        {
            var state = InitialState ?? Data.InitialStateColumn.Of(nameof(initialState), Model.Shape)!;
            if (initialState.Length != StateSize)
                throw new ArgumentException(ErrorMessages.InitialStateType(state.Name, $"an array of {initialState.Length} values", StateSize, Model.Shape.StateSizeFormula), nameof(initialState));
            state.Check(initialState, 0);
        }

        return Model.HiddenStates(checkedSequence, initialState);
    }

    internal IHostEnvironment Environment { get; }

    internal RecurrentModel Model { get; }

    internal OutputColumnNames OutputNames { get; }

    /// <summary>The initial-state column's checks, or null without one.</summary>
    internal Data.InitialStateColumn? InitialState { get; }

    /// <summary>The input columns scoring a row reads: the sequence and, when the model has one, the initial state (read
    /// with the sequence, so that it stays with its row in a batch).</summary>
    internal IEnumerable<DataViewSchema.Column> ScoredInputs(DataViewSchema inputSchema)
    {
        yield return inputSchema[FeatureColumnName];
        if (InitialStateColumnName is string state)
            yield return inputSchema[state];
    }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Data.SequenceColumn.Find(inputSchema, FeatureColumnName, InputSize, scoring: true);
        InitialState?.Find(inputSchema, scoring: true);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        Model.Task.AddOutputColumns(builder, OutputNames);
        return builder.ToSchema();
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ScoredDataView(this, input, GetOutputSchema(input.Schema));
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new RecurrentRowMapper(this, inputSchema, GetOutputSchema(inputSchema));
    }

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx) => RecurrentModelSerializer.Save(this, ctx);

    /// <summary>Frees the network's native memory. Safe to call more than once.</summary>
    public void Dispose() => Model.Dispose();
}
