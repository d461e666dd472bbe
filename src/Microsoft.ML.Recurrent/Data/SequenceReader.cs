using System;
using System.Collections.Generic;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Reads sequences and labels from an <see cref="IDataView"/> into memory, checking every value.</summary>
internal static class SequenceReader
{
    /// <summary>What the training data is called in errors (messages about it name no source).</summary>
    public const string TrainingData = "training data";

    /// <summary>Reads every row of <paramref name="data"/>; <paramref name="what"/> names the data in errors.</summary>
    public static SequenceDataset Read(IDataView data, RecurrentSupervisedOptions options, PredictionTask task, string what)
    {
        var features = new List<float[]>();
        var labels = new SequenceLabels();
        var reader = Naming(what, () => SequenceRowReader.Open(data, options, task));
        var states = reader.HasState ? new List<float[]>() : null;
        using (reader.Cursor)
        {
            try
            {
                while (reader.Cursor.MoveNext())
                {
                    features.Add(reader.Read(labels).ToArray());
                    states?.Add(reader.State.ToArray());
                }
            }
            catch (InvalidOperationException e) when (what != TrainingData)
            {
                // "Row 3 of column 'Features' has NaN" must not send the user to row 3 of the training data.
                throw new InvalidOperationException($"In the {what}: {e.Message}", e);
            }
        }

        if (features.Count == 0)
            throw new ArgumentException(ErrorMessages.NoRows(what));
        return new SequenceDataset(options.InputSize, features, labels, states);
    }

    /// <summary>Runs <paramref name="check"/>, a check of <paramref name="what"/>'s schema; when it fails on data other than
    /// the training data, the message says which data ("The InitialState column 'State' was not found in the data" must
    /// not send the user to the training data when the validation set lacks it).</summary>
    public static T Naming<T>(string what, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ArgumentException e) when (what != TrainingData)
        {
            string message = e.ParamName is string name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw e is ArgumentOutOfRangeException
                ? new ArgumentOutOfRangeException($"In the {what}: {message}", e)
                : new ArgumentException($"In the {what}: {message}", e.ParamName, e);
        }
    }
}
