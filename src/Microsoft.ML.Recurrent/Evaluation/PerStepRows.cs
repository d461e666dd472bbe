using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tasks;

namespace Microsoft.ML.Recurrent.Evaluation;

/// <summary>
/// Unrolls the scored rows of a per-step model into one row per valid step (Label, Score, PredictedLabel), lazily,
/// so ML.NET's own evaluators compute their metrics over all steps.
/// </summary>
internal static class PerStepRows
{
    /// <summary>One step of a per-step classifier. Key fields hold the class index from 0: LoadFromEnumerable stores
    /// index + 1 as the key, so a missing label key (0) wraps back to 0 and the evaluator skips that step.</summary>
    internal sealed class ClassStep
    {
        public uint Label;
        public float[] Score = Array.Empty<float>();
        public uint PredictedLabel;
    }

    /// <summary>One step of a per-step regressor.</summary>
    internal sealed class NumberStep
    {
        public float Label;
        public float Score;
    }

    /// <summary>The steps of a per-step classifier's scored data, with key-typed Label and PredictedLabel.</summary>
    public static IDataView Classification(IDataView scored, string labelColumnName, string scoreColumnName, string predictedLabelColumnName)
    {
        var label = Find(scored, labelColumnName, "label");
        var score = Find(scored, scoreColumnName, "score");
        var predicted = Find(scored, predictedLabelColumnName, "predicted label");
        if (predicted.Type is not VectorDataViewType { ItemType: KeyDataViewType predictedKey } || predictedKey.RawType != typeof(uint))
            throw new ArgumentException($"Column '{predicted.Name}' has type {ErrorMessages.Describe(predicted.Type)}; expected the vector of keys a per-step classifier outputs. Pass the data scored by a RecurrentPerStep classifier.", nameof(scored));
        if (label.Type is not VectorDataViewType { ItemType: KeyDataViewType labelKey } || labelKey.RawType != typeof(uint) || labelKey.Count != predictedKey.Count)
            throw new ArgumentException($"Column '{label.Name}' has type {ErrorMessages.Describe(label.Type)}; expected a vector of keys with {predictedKey.Count} values, like the model's {predicted.Name}. Transform the data with the same fitted pipeline that produced the model's labels.", nameof(scored));
        if (score.Type is not VectorDataViewType { ItemType: NumberDataViewType } scoreType || scoreType.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{score.Name}' has type {ErrorMessages.Describe(score.Type)}; expected the Vector<Single> of per-step class probabilities a per-step classifier outputs.", nameof(scored));

        int classes = (int)predictedKey.Count;
        var definition = SchemaDefinition.Create(typeof(ClassStep));
        definition[nameof(ClassStep.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        definition[nameof(ClassStep.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
        definition[nameof(ClassStep.PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        return new MLContext().Data.LoadFromEnumerable(ClassSteps(scored, label, score, predicted, classes), definition);
    }

    /// <summary>The steps of a per-step (or one-to-many) regressor's scored data.</summary>
    public static IDataView Regression(IDataView scored, string labelColumnName, string scoreColumnName)
    {
        var label = Find(scored, labelColumnName, "label");
        var score = Find(scored, scoreColumnName, "score");
        if (label.Type is not VectorDataViewType labelType || (labelType.ItemType != NumberDataViewType.Single && labelType.ItemType != NumberDataViewType.Double))
            throw new ArgumentException($"Column '{label.Name}' has type {ErrorMessages.Describe(label.Type)}; expected a vector of Single or Double, one value per step.", nameof(scored));
        if (score.Type is not VectorDataViewType scoreType || scoreType.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{score.Name}' has type {ErrorMessages.Describe(score.Type)}; expected the Vector<Single> of per-step predictions a per-step regressor outputs.", nameof(scored));
        return new MLContext().Data.LoadFromEnumerable(NumberSteps(scored, label, score));
    }

    private static IEnumerable<ClassStep> ClassSteps(IDataView scored, DataViewSchema.Column label, DataViewSchema.Column score, DataViewSchema.Column predicted, int classes)
    {
        using var cursor = scored.GetRowCursor(new[] { label, score, predicted });
        var getLabel = cursor.GetGetter<VBuffer<uint>>(label);
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        var getPredicted = cursor.GetGetter<VBuffer<uint>>(predicted);
        VBuffer<uint> labels = default, predictions = default;
        VBuffer<float> scores = default;
        while (cursor.MoveNext())
        {
            getLabel(ref labels);
            getScore(ref scores);
            getPredicted(ref predictions);
            if (predictions.Length != labels.Length || scores.Length != labels.Length * classes)
                throw StepMismatch(cursor.Position, label.Name, labels.Length, predicted.Name, predictions.Length);
            var labelValues = labels.DenseValues().GetEnumerator();
            var predictedValues = predictions.DenseValues().GetEnumerator();
            var scoreValues = scores.DenseValues().GetEnumerator();
            for (int t = 0; t < labels.Length; t++)
            {
                labelValues.MoveNext();
                predictedValues.MoveNext();
                var probabilities = new float[classes];
                for (int c = 0; c < classes; c++)
                {
                    scoreValues.MoveNext();
                    probabilities[c] = scoreValues.Current;
                }

                yield return new ClassStep { Label = labelValues.Current - 1, Score = probabilities, PredictedLabel = predictedValues.Current - 1 };
            }
        }
    }

    private static IEnumerable<NumberStep> NumberSteps(IDataView scored, DataViewSchema.Column label, DataViewSchema.Column score)
    {
        using var cursor = scored.GetRowCursor(new[] { label, score });
        var getLabel = NumberVectorReader.Create(cursor, label);
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        VBuffer<float> scores = default;
        while (cursor.MoveNext())
        {
            var labels = getLabel();
            getScore(ref scores);
            if (scores.Length != labels.Count)
                throw StepMismatch(cursor.Position, label.Name, labels.Count, score.Name, scores.Length);
            var scoreValues = scores.DenseValues().GetEnumerator();
            for (int t = 0; t < labels.Count; t++)
            {
                scoreValues.MoveNext();
                yield return new NumberStep { Label = labels[t], Score = scoreValues.Current };
            }
        }
    }

    private static DataViewSchema.Column Find(IDataView data, string name, string role)
        => data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(data), $"The {role} column '{name}' was not found in the scored data; it has the columns [{string.Join(", ", System.Linq.Enumerable.Select(data.Schema, c => c.Name))}]. Name the column the model wrote or the data's label.");

    private static InvalidOperationException StepMismatch(long row, string labelName, int labelSteps, string outputName, int outputSteps)
        => new($"Row {row} has {labelSteps} steps in '{labelName}' but {outputSteps} values in '{outputName}'; expected one label per scored step. Score the same rows the labels belong to.");
}
