using System.IO;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>Reads the counts and sizes a model file stores before arrays, rejecting what no saved model holds, so that a
/// corrupt file gives the usual "cannot be read" error instead of a huge allocation or an <c>OutOfMemoryException</c>.</summary>
internal static class StoredCount
{
    /// <summary>The largest count of items a model file stores in one list (channels, classes, key values, residuals).</summary>
    public const int MaxItems = 1 << 24;

    /// <summary>The largest network dimension (input, hidden, output size) a model file stores.</summary>
    public const int MaxDimension = 1 << 20;

    /// <summary>Reads a count and checks that it lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="reader">The model file's reader.</param>
    /// <param name="what">What is counted, for the error, e.g. "feature channels".</param>
    /// <param name="min">The smallest valid count.</param>
    /// <param name="max">The largest valid count.</param>
    public static int Read(BinaryReader reader, string what, int min = 0, int max = MaxItems)
        => Check(reader.ReadInt32(), what, min, max);

    /// <summary>Checks that a stored count lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The stored count.</param>
    /// <param name="what">What is counted, for the error.</param>
    /// <param name="min">The smallest valid count.</param>
    /// <param name="max">The largest valid count.</param>
    public static int Check(int value, string what, int min = 0, int max = MaxItems)
        => value >= min && value <= max
            ? value
            : throw new InvalidDataException($"the stored number of {what} is {value}, outside {min}–{max}");
}
