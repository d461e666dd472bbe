using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>
/// What differs between binary classification, multiclass classification and regression: the label column, the
/// loss, the validation metric and the output columns. One instance is trained into and saved with each model.
/// </summary>
internal abstract class PredictionTask
{
    /// <summary>Stored kind.</summary>
    public abstract PredictionTaskKind Kind { get; }

    /// <summary>Network outputs per sequence, or per step for a per-step task.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Whether the task predicts at every step (many-to-many) rather than once per sequence.</summary>
    public virtual bool PerStep => false;

    /// <summary>For one-to-many models: the number of steps each row's single input (one step of values) is repeated
    /// over; 0 when rows are sequences.</summary>
    public virtual int RepeatSteps => 0;

    /// <summary>Time steps the network runs for a row of <paramref name="rowLength"/> values.</summary>
    public int StepsOf(int rowLength, int inputSize) => RepeatSteps > 0 ? RepeatSteps : rowLength / inputSize;

    /// <summary>Throws when a row's length does not suit the task: a one-to-many model takes exactly one input of
    /// <paramref name="inputSize"/> values per row.</summary>
    public void CheckRowLength(string column, long row, int length, int inputSize)
    {
        if (RepeatSteps > 0 && length != inputSize)
            throw new InvalidOperationException(ErrorMessages.OneToManyInput(column, row, length, inputSize));
    }

    /// <summary>Name of the validation metric ("Accuracy", "RMSE").</summary>
    public abstract string MetricName { get; }

    /// <summary>Whether a larger metric is better.</summary>
    public abstract bool HigherMetricIsBetter { get; }

    /// <summary>Checks the label column's type and learns what the model needs from it (key count and names, …).</summary>
    public abstract void BindLabel(DataViewSchema.Column label);

    /// <summary>A reader that appends the label of the current row (given its position, for errors) to the labels,
    /// as the numbers the loss expects, checking its values.</summary>
    public virtual Action<long, SequenceLabels> CreateLabelReader(DataViewRow row, DataViewSchema.Column label)
    {
        var read = CreateScalarLabelReader(row, label);
        return (position, labels) => labels.Add(read(position));
    }

    /// <summary>For one label per row: a reader of the current row's label as the number the loss expects.</summary>
    protected virtual Func<long, float> CreateScalarLabelReader(DataViewRow row, DataViewSchema.Column label)
        => throw new NotSupportedException($"{GetType().Name} reads labels with {nameof(CreateLabelReader)}.");

    /// <summary>Prepares labels before training from their moments (e.g. regression standardises them).</summary>
    public virtual void FitLabels(LabelMoments moments)
    {
    }

    /// <summary>The network's raw outputs for a batch: (B, O), or (B, T, O) for a per-step task.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">Padded sequences, (B, T, D).</param>
    /// <param name="lengths">Valid steps per row, int64 (B) on the CPU.</param>
    /// <param name="initial">Each row's complete initial state, (B, S); null: zeros.</param>
    public virtual Tensor Forward(RecurrentNetwork network, Tensor input, Tensor lengths, Tensor? initial)
        => initial is null ? network.call(input, lengths) : network.Forward(input, lengths, null, initial);

    /// <summary>Labels as the tensor the loss takes, for rows <paramref name="indices"/>: (B) or (B, 1), or (B, T) for
    /// a per-step task.</summary>
    public abstract Tensor LabelTensor(SequenceLabels labels, ReadOnlySpan<int> indices, Device device);

    /// <summary>Every label as the tensor the loss takes against the outputs of every row (or valid step) stacked:
    /// (N) or (N, 1) on the CPU.</summary>
    public virtual Tensor AllLabelsTensor(SequenceLabels labels)
    {
        var indices = new int[labels.Rows];
        for (int i = 0; i < indices.Length; i++)
            indices[i] = i;
        return LabelTensor(labels, indices, CPU);
    }

    /// <summary>Mean loss of a batch. <paramref name="output"/>: (B, O), or (B, T, O) / (N, O) for a per-step task.</summary>
    public abstract Tensor Loss(Tensor output, Tensor labels);

    /// <summary>The validation metric from raw outputs (rows × O, or valid steps × O for a per-step task, flattened)
    /// and labels.</summary>
    public abstract double Metric(ReadOnlySpan<float> outputs, SequenceLabels labels);

    /// <summary>The output columns (name → type and annotations) this task adds.</summary>
    public abstract void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names);

    /// <summary>The output columns as <see cref="SchemaShape"/> columns, for <c>GetOutputSchema</c>.</summary>
    public abstract IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names);

    /// <summary>A getter of output column <paramref name="index"/> (in the order added) over a row's raw outputs
    /// (<see cref="OutputSize"/> values, or steps × <see cref="OutputSize"/> for a per-step task).</summary>
    public abstract Delegate CreateGetter(int index, Func<ArraySegment<float>> currentOutputs);

    /// <summary>Writes what was learned from the label.</summary>
    public abstract void Write(BinaryWriter writer);

    /// <summary>Reads a task written by <see cref="Write"/>.</summary>
    public static PredictionTask Read(BinaryReader reader)
    {
        var kind = (PredictionTaskKind)reader.ReadInt32();
        PredictionTask task = kind switch
        {
            PredictionTaskKind.BinaryClassification => new BinaryClassificationTask(),
            PredictionTaskKind.MulticlassClassification => new MulticlassClassificationTask(),
            PredictionTaskKind.Regression => new RegressionTask(),
            PredictionTaskKind.Encoder => new EncoderTask(0),
            PredictionTaskKind.PerStepClassification => new PerStepClassificationTask(),
            PredictionTaskKind.PerStepRegression => new PerStepRegressionTask(0),
            PredictionTaskKind.EncoderAllStates => new EncoderTask(0, EncoderOutput.AllSteps),
            PredictionTaskKind.EncoderFullState => new EncoderTask(0, EncoderOutput.FullState),
            _ => throw new InvalidDataException($"The model file names an unknown task kind {(int)kind}; expected 1 to 8. The file is corrupt or was written by a newer version."),
        };
        task.ReadState(reader);
        return task;
    }

    /// <summary>Writes the kind and the state.</summary>
    public void WriteWithKind(BinaryWriter writer)
    {
        writer.Write((int)Kind);
        Write(writer);
    }

    /// <summary>Reads the state written by <see cref="Write"/>.</summary>
    protected abstract void ReadState(BinaryReader reader);

    /// <summary>A column that must exist to read labels; throws a clear error when it does not.</summary>
    protected static Exception LabelTypeError(string task, DataViewSchema.Column label, string expected, string remedy)
        => new ArgumentException(ErrorMessages.LabelType(task, label.Name, label.Type, expected, remedy));
}

/// <summary>Names of the output columns a task adds.</summary>
/// <param name="Score">The score column.</param>
/// <param name="PredictedLabel">The predicted label column.</param>
/// <param name="Probability">The probability column.</param>
internal sealed record OutputColumnNames(string Score = "Score", string PredictedLabel = "PredictedLabel", string Probability = "Probability");
