using System.Collections.Generic;

namespace Microsoft.ML.Recurrent;

/// <summary>Settings of the recurrent trainers that learn one output per sequence from a label column.</summary>
public abstract class RecurrentSupervisedOptions : RecurrentNetworkOptions
{
    /// <summary>Values per time step: a row's feature vector is the sequence flattened time-major, so its length is a
    /// multiple of this number (and may differ from row to row).</summary>
    /// <value>The default value is 1.</value>
    public int InputSize { get; set; } = RecurrentDefaults.InputSize;

    /// <summary>Whether features are standardised per input channel with the training data's mean and standard
    /// deviation (stored with the model and applied when scoring).</summary>
    /// <value>The default value is true.</value>
    public bool NormalizeFeatures { get; set; } = RecurrentDefaults.NormalizeFeatures;

    /// <summary>When rows differ in length: each epoch, after shuffling, sort every pool of 100 mini-batches by length,
    /// cut it into batches and shuffle the batches, so a batch is padded only to lengths close to its rows' own. Rows
    /// are still each seen once per epoch; batch composition differs from plain shuffling. False: plain shuffling.</summary>
    /// <value>The default value is true.</value>
    public bool BucketByLength { get; set; } = RecurrentDefaults.BucketByLength;

    /// <summary>Whether each epoch records gradient norms per layer and the input gradient per time step in the training
    /// history (costs an extra backward pass per epoch).</summary>
    /// <value>The default value is false.</value>
    public bool RecordGradientDiagnostics { get; set; }

    /// <summary>The <c>Vector&lt;Single&gt;</c> column holding each sequence flattened time-major.</summary>
    /// <value>The default value is "Features".</value>
    public string FeatureColumnName { get; set; } = RecurrentDefaults.FeatureColumnName;

    /// <summary>The label column.</summary>
    /// <value>The default value is "Label".</value>
    public string LabelColumnName { get; set; } = RecurrentDefaults.LabelColumnName;

    /// <summary>
    /// The column holding each row's initial recurrent state (Keras' <c>initial_state</c>, PyTorch's <c>h0</c> or
    /// <c>(h0, c0)</c>): a known-size <c>Vector&lt;Single&gt;</c> in PyTorch's layout, h as (NumberOfLayers × directions,
    /// HiddenSize) row-major, followed for an LSTM by c of the same shape, so (2 for an LSTM, else 1) × NumberOfLayers ×
    /// (2 if Bidirectional, else 1) × HiddenSize values. The state is data, not learned: training, validation, scoring,
    /// <c>PredictionEngine</c> and the encoders all read it from this column, which the saved model remembers. A row's
    /// final state from <c>AsFinalStateEncoder</c> has the same layout, so a long sequence can be scored in chunks.
    /// </summary>
    /// <value>The default value is null: every row starts from zeros, PyTorch's default.</value>
    public string? InitialStateColumnName { get; set; }

    /// <summary>
    /// When set, training streams the data instead of reading it into memory: every epoch reads the data view again
    /// and draws each mini-batch at random from a buffer of this many rows (the view's cursor is also shuffled when the
    /// view can shuffle). Memory then holds this buffer and one batch, whatever the size of the data, so a model trains
    /// on files larger than memory (e.g. <c>mlContext.Data.LoadFromTextFile</c> or <c>LoadFromBinary</c>). A larger
    /// buffer shuffles better. With <see cref="BucketByLength"/>, rows are drawn from the buffer a pool at a time (at most
    /// 100 batches and half the buffer) and each pool is sorted by length, cut into batches and shuffled, so memory holds
    /// the buffer and one pool.
    /// </summary>
    /// <value>The default value is null: all rows are read into memory once and fully shuffled each epoch.</value>
    public int? ShuffleBufferSize { get; set; }

    /// <summary>Data with the same columns, scored after every epoch for the validation loss and metric, early
    /// stopping and the choice of the best weights.</summary>
    /// <value>The default value is null (no validation).</value>
    public IDataView? ValidationSet { get; set; }

    internal override void CollectProblems(List<string> problems)
    {
        OptionsValidator.Positive(problems, nameof(InputSize), InputSize);
        base.CollectProblems(problems);
        if (ShuffleBufferSize is int buffer)
            OptionsValidator.Positive(problems, nameof(ShuffleBufferSize), buffer, "or null to read the data into memory");
        OptionsValidator.NotEmpty(problems, nameof(FeatureColumnName), FeatureColumnName);
        OptionsValidator.NotEmpty(problems, nameof(LabelColumnName), LabelColumnName);
        if (InitialStateColumnName is not null)
        {
            OptionsValidator.NotEmpty(problems, nameof(InitialStateColumnName), InitialStateColumnName, "or null to start every row from zeros");
            if (InitialStateColumnName == FeatureColumnName || InitialStateColumnName == LabelColumnName)
                problems.Add($"{nameof(InitialStateColumnName)} is '{InitialStateColumnName}', the same column as {(InitialStateColumnName == FeatureColumnName ? nameof(FeatureColumnName) : nameof(LabelColumnName))}; the initial state needs a column of its own: name another column, or null to start every row from zeros.");
        }

        if (EarlyStoppingPatience is not null && ValidationSet is null)
            problems.Add($"{nameof(EarlyStoppingPatience)} is {EarlyStoppingPatience} but {nameof(ValidationSet)} is null; early stopping needs a validation set: set {nameof(ValidationSet)} or set {nameof(EarlyStoppingPatience)} to null.");
    }
}
