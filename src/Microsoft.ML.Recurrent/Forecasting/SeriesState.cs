using System;
using System.IO;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>The last W observations of one series: where its next forecast starts.</summary>
internal sealed class SeriesState
{
    public SeriesState(string id, float[] values, float[]? covariates, int count)
    {
        Id = id;
        Values = values;
        Covariates = covariates;
        Count = count;
    }

    public string Id { get; }

    /// <summary>The last W values (oldest first); only the last <see cref="Count"/> are real when fewer were seen.</summary>
    public float[] Values { get; }

    /// <summary>The last W steps' covariates, C per step.</summary>
    public float[]? Covariates { get; }

    /// <summary>Observations seen, capped at W.</summary>
    public int Count { get; private set; }

    /// <summary>A state holding the end of <paramref name="series"/>.</summary>
    public static SeriesState FromTail(TimeSeries series, SeriesLayout layout)
    {
        int w = layout.WindowSize, c = layout.CovariateCount;
        int n = Math.Min(w, series.Length);
        var values = new float[w];
        series.Values.CopyTo(series.Length - n, values, w - n, n);
        float[]? covariates = null;
        if (c > 0)
        {
            covariates = new float[w * c];
            series.Covariates.CopyTo((series.Length - n) * c, covariates, (w - n) * c, n * c);
        }

        return new SeriesState(series.Id, values, covariates, n);
    }

    /// <summary>Takes in one new observation: the window moves one step.</summary>
    public void Append(float value, ReadOnlySpan<float> covariates)
    {
        int w = Values.Length;
        Array.Copy(Values, 1, Values, 0, w - 1);
        Values[w - 1] = value;
        if (Covariates is float[] cov)
        {
            int c = covariates.Length;
            Array.Copy(cov, c, cov, 0, (w - 1) * c);
            covariates.CopyTo(cov.AsSpan((w - 1) * c));
        }

        Count = Math.Min(w, Count + 1);
    }

    /// <summary>The window to forecast from, or an error when fewer than W observations were seen.</summary>
    public ForecastWindow Window(float[]? futureCovariates)
    {
        if (Count < Values.Length)
        {
            throw new InvalidOperationException(
                $"Series '{Id}' has {Count} observations; a forecast needs the last WindowSize = {Values.Length}. Feed more observations with Predict(example) first.");
        }

        return new ForecastWindow((float[])Values.Clone(), (float[]?)Covariates?.Clone(), futureCovariates);
    }

    public SeriesState Clone() => new(Id, (float[])Values.Clone(), (float[]?)Covariates?.Clone(), Count);

    public void Write(BinaryWriter writer)
    {
        writer.Write(Id);
        writer.Write(Count);
        writer.Write(Values.Length);
        foreach (var v in Values)
            writer.Write(v);
        writer.Write(Covariates?.Length ?? 0);
        if (Covariates is not null)
        {
            foreach (var v in Covariates)
                writer.Write(v);
        }
    }

    public static SeriesState Read(BinaryReader reader, SeriesLayout layout)
    {
        string id = reader.ReadString();
        int count = reader.ReadInt32();
        int w = reader.ReadInt32();
        if (w != layout.WindowSize || count < 0 || count > w)
            throw new InvalidDataException($"the stored state of series '{id}' has {w} values, expected {layout.WindowSize}");
        var values = new float[w];
        for (int i = 0; i < w; i++)
            values[i] = reader.ReadSingle();
        int c = reader.ReadInt32();
        if (c != w * layout.CovariateCount)
            throw new InvalidDataException($"the stored state of series '{id}' has {c} covariate values, expected {w * layout.CovariateCount}");
        float[]? covariates = c == 0 ? null : new float[c];
        for (int i = 0; i < c; i++)
            covariates![i] = reader.ReadSingle();
        return new SeriesState(id, values, covariates, count);
    }
}
