using System;
using System.Collections.Generic;
using System.IO;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>The columns and sizes a forecaster was trained with (stored with the model).</summary>
internal sealed record SeriesLayout(string InputColumnName, IReadOnlyList<string> PastCovariates, IReadOnlyList<string> FutureCovariates,
    string? SeriesIdColumnName, int WindowSize, int Horizon, ForecastStrategy Strategy, int SeasonalPeriod = 0,
    SeasonalBaseline Baseline = SeasonalBaseline.SeasonalNaive)
{
    /// <summary>The baseline forecast of step <paramref name="h"/> (0-based) after a window: the value one season
    /// earlier, repeating the last season beyond it, plus (for <see cref="SeasonalBaseline.LastSeasonalChange"/>) the
    /// latest change over one season once per season ahead; 0 when no seasonal period is set.</summary>
    public float SeasonalBase(ReadOnlySpan<float> window, int h)
    {
        if (SeasonalPeriod <= 0)
            return 0f;
        int w = window.Length, m = SeasonalPeriod;
        float naive = window[w - m + (h % m)];
        return Baseline == SeasonalBaseline.LastSeasonalChange ? naive + (h / m + 1) * (window[w - 1] - window[w - 1 - m]) : naive;
    }

    /// <summary>A network output back in raw units: standardised value (or, with a seasonal period, the standardised
    /// correction to the seasonal naive forecast <paramref name="seasonalBase"/>).</summary>
    public float Unscale(float output, float mean, float scale, float seasonalBase)
        => SeasonalPeriod > 0 ? seasonalBase + output * scale : output * scale + mean;

    /// <summary>The training target of a raw future value, the inverse of <see cref="Unscale"/>.</summary>
    public float Target(float actual, float mean, float scale, float seasonalBase)
        => SeasonalPeriod > 0 ? (actual - seasonalBase) / scale : (actual - mean) / scale;

    /// <summary>Covariates per step (C).</summary>
    public int CovariateCount => PastCovariates.Count + FutureCovariates.Count;

    /// <summary>Network inputs per step: the value and its covariates (D = 1 + C).</summary>
    public int StepSize => 1 + CovariateCount;

    /// <summary>Every covariate column, past-observed first.</summary>
    public IEnumerable<string> CovariateColumns
    {
        get
        {
            foreach (var c in PastCovariates)
                yield return c;
            foreach (var c in FutureCovariates)
                yield return c;
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(InputColumnName);
        WriteList(writer, PastCovariates);
        WriteList(writer, FutureCovariates);
        writer.Write(SeriesIdColumnName ?? "");
        writer.Write(WindowSize);
        writer.Write(Horizon);
        writer.Write((int)Strategy);
        writer.Write(SeasonalPeriod);
        writer.Write((int)Baseline);
    }

    public static SeriesLayout Read(BinaryReader reader)
    {
        string input = reader.ReadString();
        var past = ReadList(reader);
        var future = ReadList(reader);
        string id = reader.ReadString();
        int window = reader.ReadInt32(), horizon = reader.ReadInt32();
        var strategy = (ForecastStrategy)reader.ReadInt32();
        int seasonalPeriod = reader.ReadInt32();
        var baseline = (SeasonalBaseline)reader.ReadInt32();
        if (window <= 0 || horizon <= 0 || window > Persistence.StoredCount.MaxItems || horizon > Persistence.StoredCount.MaxItems || seasonalPeriod < 0 || seasonalPeriod > window || !Enum.IsDefined(strategy) || !Enum.IsDefined(baseline)
            || (baseline == SeasonalBaseline.LastSeasonalChange && seasonalPeriod >= window))
        {
            throw new InvalidDataException($"the stored window ({window}), horizon ({horizon}), strategy ({(int)strategy}), seasonal period ({seasonalPeriod}) or baseline ({(int)baseline}) is invalid");
        }

        return new SeriesLayout(input, past, future, id.Length == 0 ? null : id, window, horizon, strategy, seasonalPeriod, baseline);
    }

    private static void WriteList(BinaryWriter writer, IReadOnlyList<string> items)
    {
        writer.Write(items.Count);
        foreach (var i in items)
            writer.Write(i);
    }

    private static string[] ReadList(BinaryReader reader)
    {
        int n = Persistence.StoredCount.Read(reader, "column names", 0, 100_000);
        var items = new string[n];
        for (int i = 0; i < n; i++)
            items[i] = reader.ReadString();
        return items;
    }
}
