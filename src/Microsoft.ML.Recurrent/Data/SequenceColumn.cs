using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Data;

/// <summary>Checks and reads a sequence column: <c>Vector&lt;Single&gt;</c>, flattened time-major, <c>InputSize</c> values
/// per step, or a <c>Single</c> (one step of one value).</summary>
internal static class SequenceColumn
{
    /// <summary>The column, after checking it exists and holds vectors of Single.</summary>
    public static DataViewSchema.Column Find(DataViewSchema schema, string name, int inputSize, bool scoring = false)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(name), scoring
                ? ErrorMessages.ScoringColumnMissing(name, schema)
                : ErrorMessages.MissingColumn("Feature", name, schema));
        CheckType(name, column.Type, inputSize);
        return column;
    }

    /// <summary>Throws unless <paramref name="type"/> is a vector of Single or a Single.</summary>
    public static void CheckType(string name, DataViewType type, int inputSize)
    {
        if (type != NumberDataViewType.Single && (type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single))
            throw new ArgumentException(ErrorMessages.FeatureType(name, type, inputSize));
    }

    /// <summary>A getter of the current row's sequence as a vector, for a vector column or a Single one.</summary>
    public static ValueGetter<VBuffer<float>> CreateGetter(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
            return row.GetGetter<VBuffer<float>>(column);
        var scalar = row.GetGetter<float>(column);
        var one = new float[1];
        return (ref VBuffer<float> value) =>
        {
            scalar(ref one[0]);
            value = new VBuffer<float>(1, one);
        };
    }

    /// <summary>Copies the current row's vector into a new array, checking its length and values.</summary>
    public static float[] ToArray(in VBuffer<float> buffer, string name, long row, int inputSize, bool scoring = false)
    {
        var values = new float[CheckedLength(buffer, name, row, inputSize, scoring)];
        buffer.CopyTo(values);
        CheckFinite(values, name, row, inputSize);
        return values;
    }

    /// <summary>The row's length, after checking it is a positive multiple of <paramref name="inputSize"/>.</summary>
    public static int CheckedLength(in VBuffer<float> buffer, string name, long row, int inputSize, bool scoring)
    {
        int length = buffer.Length;
        if (length == 0)
            throw new InvalidOperationException(ErrorMessages.FeatureEmpty(name, row));
        if (length % inputSize != 0)
        {
            throw new InvalidOperationException(scoring
                ? ErrorMessages.InputSizeMismatch(name, row, length, inputSize)
                : ErrorMessages.FeatureLength(name, row, length, inputSize));
        }

        return length;
    }

    /// <summary>Throws on the first NaN or infinity of the row's <paramref name="values"/>.</summary>
    public static void CheckFinite(ReadOnlySpan<float> values, string name, long row, int inputSize)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new InvalidOperationException(ErrorMessages.FeatureNotFinite(name, row, i, values[i], inputSize));
        }
    }
}
