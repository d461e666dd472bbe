using System;
using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent;

/// <summary>Every user-facing error message, in one place (tests pin their text).</summary>
internal static class ErrorMessages
{
    public static string ModelDisposed(string action)
        => $"This recurrent model was disposed, which freed its network's weights, so it cannot {action} any more. " +
           "Save it with mlContext.Model.Save before disposing of it, or load a saved copy with mlContext.Model.Load.";

    public static string MissingColumn(string role, string name, DataViewSchema schema)
        => $"The {role} column '{name}' was not found in the data; it has the columns [{ColumnList(schema)}]. " +
           $"Name an existing column in the options' {role}ColumnName, or add the column to the data.";

    public static string FeatureType(string name, DataViewType received, int inputSize)
        => $"Column '{name}' has type {Describe(received)}; expected Vector<Single> whose length is a multiple of InputSize ({inputSize}), or Single for one step of one value. " +
           "Convert it with mlContext.Transforms.Conversion.ConvertType, or put the values of each row into one vector with mlContext.Transforms.Concatenate.";

    public static string FeatureLength(string name, long row, int length, int inputSize)
        => $"Row {row} of column '{name}' has {length} values, which is not a multiple of InputSize ({inputSize}); " +
           $"expected time steps of {inputSize} values each, flattened time-major. Check InputSize or the row's data.";

    public static string FeatureEmpty(string name, long row)
        => $"Row {row} of column '{name}' is an empty sequence; expected at least one time step. Remove empty rows (mlContext.Data.FilterByCustomPredicate) before training or scoring.";

    public static string FeatureNotFinite(string name, long row, int index, float value, int inputSize)
        => $"Row {row} of column '{name}' has {Format(value)} at value {index} (time step {index / inputSize}, channel {index % inputSize}); expected finite numbers. " +
           "Replace missing values first, e.g. with mlContext.Transforms.ReplaceMissingValues.";

    public static string InputSizeMismatch(string name, long row, int length, int inputSize)
        => $"Row {row} of column '{name}' has {length} values, which is not a multiple of the InputSize ({inputSize}) this model was trained with; " +
           $"expected time steps of {inputSize} values each, as in training.";

    public static string LabelType(string task, string name, DataViewType received, string expected, string remedy)
        => $"The label column '{name}' has type {Describe(received)}; {task} expects {expected}. {remedy}";

    public static string LabelMissingKey(string name, long row)
        => $"Row {row} of label column '{name}' holds the missing key (0); expected a key from 1 to the key count. " +
           "Values unseen when the key was built map to 0: filter them out, or build the key (MapValueToKey) on data that contains every class.";

    public static string LabelNotFinite(string name, long row, double value)
        => $"Row {row} of label column '{name}' is {Format(value)}; expected a finite number. Remove or replace rows with missing labels.";

    public static string LabelBeyondSingle(string name, long row, double value)
        => $"Row {row} of label column '{name}' is {Format(value)}, beyond the range of Single (±3.4E+38) in which the network computes; " +
           "expected a finite Single. Rescale the label before training (e.g. divide it by a power of ten, and multiply the scores back).";

    public static string LabelStepMissingKey(string name, long row, int step)
        => $"Row {row} of label column '{name}' holds the missing key (0) at step {step}; expected a key from 1 to the key count at every step. " +
           "Values unseen when the key was built map to 0: build the key (MapValueToKey) on data that contains every class.";

    public static string LabelStepNotFinite(string name, long row, int step, double value)
        => $"Row {row} of label column '{name}' is {Format(value)} at step {step}; expected a finite number at every step. Remove or replace rows with missing labels.";

    public static string LabelSteps(string label, long row, int labelSteps, string feature, int featureSteps, int inputSize)
        => $"Row {row} has {labelSteps} label values in '{label}' but {featureSteps} time steps in '{feature}' (InputSize {inputSize}); " +
           "a per-step model expects one label per time step. Make each row's label vector as long as its sequence has steps.";

    public static string OneToManyInput(string name, long row, int length, int inputSize)
        => $"Row {row} of column '{name}' has {length} values; a one-to-many model expects exactly one input of InputSize ({inputSize}) values per row. " +
           "Set InputSize to the length of the input vector.";

    public static string InitialStateType(string name, string received, int size, string formula)
        => $"The initial-state column '{name}' (InitialStateColumnName) has type {received}; expected Vector<Single, {size}>: each row's complete initial state, " +
           $"h as (layers × directions, HiddenSize) row-major, then c for an LSTM, so {formula} values. " +
           "Give the column exactly that many Single values (mlContext.Transforms.Conversion.ConvertType converts Double; a final state from AsFinalStateEncoder of the same network has that layout), " +
           "or change the network's CellType, NumberOfLayers, Bidirectional or HiddenSize so that the sizes agree.";

    public static string InitialStateRowLength(string name, long row, int length, int size, string formula)
        => $"Row {row} of initial-state column '{name}' has {length} values; expected {size}: each row's complete initial state, " +
           $"h as (layers × directions, HiddenSize) row-major, then c for an LSTM, so {formula} values. " +
           $"Give every row exactly {size} values (a [VectorType({size})] property of a PredictionEngine's input class must still hold an array of {size}; " +
           "a final state from AsFinalStateEncoder of the same network has that layout).";

    public static string InitialStateNotFinite(string name, long row, int index, float value, string where)
        => $"Row {row} of initial-state column '{name}' has {Format(value)} at value {index} ({where}); expected finite numbers. " +
           "Replace missing values first, e.g. with mlContext.Transforms.ReplaceMissingValues, or give zeros for a state that starts from rest.";

    public static string InitialStateScoringColumnMissing(string name, DataViewSchema schema)
        => $"The initial-state column '{name}' this model was trained with was not found in the data to score; it has the columns [{ColumnList(schema)}]. " +
           "Score data with the same columns as the training data (a column of zeros gives PyTorch's default initial state).";

    public static string NoRows(string what)
        => $"The {what} has no rows; expected at least one sequence. Check the loader and any filter before Fit.";

    public static string ScoringColumnMissing(string name, DataViewSchema schema)
        => $"The feature column '{name}' this model was trained on was not found in the data to score; it has the columns [{ColumnList(schema)}]. " +
           "Score data with the same columns as the training data.";

    public static string Describe(DataViewType type) => type switch
    {
        VectorDataViewType v => $"Vector<{Describe(v.ItemType)}{(v.Size > 0 ? ", " + v.Size.ToString(CultureInfo.InvariantCulture) : "")}>",
        KeyDataViewType k => $"Key<{k.RawType.Name}, {k.Count}>",
        _ => type.ToString() ?? type.RawType.Name,
    };

    private static string ColumnList(DataViewSchema schema)
    {
        var names = new System.Collections.Generic.List<string>();
        foreach (var column in schema)
        {
            if (!column.IsHidden)
                names.Add($"{column.Name}: {Describe(column.Type)}");
        }

        return string.Join(", ", names);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
