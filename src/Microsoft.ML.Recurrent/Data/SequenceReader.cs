using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Reads sequences and labels from an <see cref="IDataView"/>, checking every value.</summary>
internal static class SequenceReader
{
    /// <summary>Reads every row of <paramref name="data"/>; <paramref name="what"/> names the data in errors.</summary>
    public static SequenceDataset Read(IDataView data, RecurrentSupervisedOptions options, PredictionTask task, string what)
    {
        var feature = SequenceColumn.Find(data.Schema, options.FeatureColumnName, options.InputSize);
        var label = data.Schema.GetColumnOrNull(options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(options), ErrorMessages.MissingColumn("Label", options.LabelColumnName, data.Schema));
        var features = new List<float[]>();
        var labels = new SequenceLabels();
        using (var cursor = data.GetRowCursor(new[] { feature, label }))
        {
            var getFeatures = SequenceColumn.CreateGetter(cursor, feature);
            var getLabel = task.CreateLabelReader(cursor, label);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                getFeatures(ref buffer);
                var sequence = SequenceColumn.ToArray(buffer, feature.Name, cursor.Position, options.InputSize);
                if (task.RepeatSteps > 0 && sequence.Length != options.InputSize)
                    throw new InvalidOperationException(ErrorMessages.OneToManyInput(feature.Name, cursor.Position, sequence.Length, options.InputSize));
                features.Add(sequence);
                getLabel(cursor.Position, labels);
                if (task.PerStep)
                {
                    int steps = task.RepeatSteps > 0 ? task.RepeatSteps : sequence.Length / options.InputSize;
                    int labelSteps = labels.Length(labels.Rows - 1);
                    if (labelSteps != steps)
                        throw new InvalidOperationException(ErrorMessages.LabelSteps(label.Name, cursor.Position, labelSteps, feature.Name, steps, options.InputSize));
                }
            }
        }

        if (features.Count == 0)
            throw new ArgumentException(ErrorMessages.NoRows(what));
        return new SequenceDataset(options.InputSize, features, labels);
    }
}
