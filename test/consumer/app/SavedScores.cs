using System.Globalization;

namespace ConsumerApp;

/// <summary>Rows and scores written by the training process and read back by the loading one, in round-trip format.</summary>
internal static class SavedScores
{
    public static void Write(string path, IEnumerable<float[]> rows)
        => File.WriteAllLines(path, rows.Select(r => string.Join(" ", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));

    public static float[][] Read(string path)
        => File.ReadAllLines(path)
            .Select(l => l.Length == 0 ? [] : l.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    /// <summary>Throws unless both have the same rows with bit-identical values.</summary>
    public static void CheckEqual(string what, float[][] expected, float[][] actual)
    {
        if (expected.Length != actual.Length)
            throw new InvalidOperationException($"{what}: expected {expected.Length} rows, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].SequenceEqual(actual[i]))
            {
                throw new InvalidOperationException(
                    $"{what}: row {i} differs: saved [{string.Join(", ", expected[i])}], loaded model gave [{string.Join(", ", actual[i])}].");
            }
        }
    }
}
