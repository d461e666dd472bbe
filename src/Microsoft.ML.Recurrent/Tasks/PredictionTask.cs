using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Data;
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

    /// <summary>Network outputs per sequence.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Name of the validation metric ("Accuracy", "RMSE").</summary>
    public abstract string MetricName { get; }

    /// <summary>Whether a larger metric is better.</summary>
    public abstract bool HigherMetricIsBetter { get; }

    /// <summary>Checks the label column's type and learns what the model needs from it (key count and names, …).</summary>
    public abstract void BindLabel(DataViewSchema.Column label);

    /// <summary>A reader of the label of the current row as the number the loss expects, checking its value.</summary>
    public abstract Func<long, float> CreateLabelReader(DataViewRow row, DataViewSchema.Column label);

    /// <summary>Prepares labels before training (e.g. regression standardises them).</summary>
    public virtual void FitLabels(IReadOnlyList<float> labels)
    {
    }

    /// <summary>Labels as the tensor the loss takes, for rows <paramref name="indices"/>.</summary>
    public abstract Tensor LabelTensor(IReadOnlyList<float> labels, ReadOnlySpan<int> indices, Device device);

    /// <summary>Mean loss of a batch. <paramref name="output"/>: (B, O).</summary>
    public abstract Tensor Loss(Tensor output, Tensor labels);

    /// <summary>The validation metric from raw outputs (rows × O, flattened) and labels.</summary>
    public abstract double Metric(ReadOnlySpan<float> outputs, IReadOnlyList<float> labels);

    /// <summary>The output columns (name → type and annotations) this task adds.</summary>
    public abstract void AddOutputColumns(DataViewSchema.Builder builder, OutputColumnNames names);

    /// <summary>The output columns as <see cref="SchemaShape"/> columns, for <c>GetOutputSchema</c>.</summary>
    public abstract IEnumerable<SchemaShape.Column> GetOutputShape(SchemaShape.Column? label, OutputColumnNames names);

    /// <summary>A getter of output column <paramref name="index"/> (in the order added) over a row's raw outputs.</summary>
    public abstract Delegate CreateGetter(int index, Func<float[]> currentOutputs);

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
            _ => throw new InvalidDataException($"The model file names an unknown task kind {(int)kind}; expected 1 to 4. The file is corrupt or was written by a newer version."),
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
