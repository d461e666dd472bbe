using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Samples.Data;

/// <summary>Reads the bundled UCR/UEA classification CSV files (plain numeric CSV, no quoting; see data/README.md).</summary>
public static class UcrDataset
{
    /// <summary>Reads the official training split, <c>&lt;Name&gt;_TRAIN.csv</c>.</summary>
    public static IReadOnlyList<SequenceRow> LoadTrain(UcrDatasetInfo info) => Load(info, "TRAIN");

    /// <summary>Reads the official test split, <c>&lt;Name&gt;_TEST.csv</c>.</summary>
    public static IReadOnlyList<SequenceRow> LoadTest(UcrDatasetInfo info) => Load(info, "TEST");

    private static IReadOnlyList<SequenceRow> Load(UcrDatasetInfo info, string split)
    {
        var path = DataDirectory.File($"{info.Name}_{split}.csv");
        var lines = File.ReadLines(path).Skip(1).Where(line => line.Length > 0);
        var rows = info.Format == UcrFormat.Wide ? ReadWide(lines) : ReadLong(lines, info.Channels, path);
        if (rows.Count == 0)
            throw new InvalidDataException($"'{path}' has no data rows.");
        return rows;
    }

    /// <summary><c>label,t0,t1,...</c>: the label, then the series.</summary>
    private static List<SequenceRow> ReadWide(IEnumerable<string> lines)
    {
        var rows = new List<SequenceRow>();
        foreach (var line in lines)
        {
            var fields = line.Split(',');
            var values = new float[fields.Length - 1];
            for (int i = 1; i < fields.Length; i++)
                values[i - 1] = Parse(fields[i]);
            rows.Add(new SequenceRow { Label = fields[0], Features = values });
        }

        return rows;
    }

    /// <summary><c>sample_id,t,dim0..dim{k-1},label</c>: consecutive rows with the same id form one sample, flattened time-major.</summary>
    private static List<SequenceRow> ReadLong(IEnumerable<string> lines, int channels, string path)
    {
        var rows = new List<SequenceRow>();
        var current = new List<float>();
        string? currentId = null, currentLabel = null;
        foreach (var line in lines)
        {
            var fields = line.Split(',');
            if (fields.Length != channels + 3)
                throw new InvalidDataException($"'{path}': expected {channels + 3} fields per row, got {fields.Length} in '{line}'.");
            if (fields[0] != currentId)
            {
                Flush();
                currentId = fields[0];
                currentLabel = fields[^1];
            }

            for (int c = 0; c < channels; c++)
                current.Add(Parse(fields[2 + c]));
        }

        Flush();
        return rows;

        void Flush()
        {
            if (currentId is null || currentLabel is null)
                return;
            rows.Add(new SequenceRow { Label = currentLabel, Features = current.ToArray() });
            current.Clear();
        }
    }

    private static float Parse(string field) => float.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
}
