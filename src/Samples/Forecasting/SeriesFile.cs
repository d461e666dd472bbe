using System.Globalization;
using System.IO;
using System.Linq;
using Samples.Data;

namespace Samples.Forecasting;

/// <summary>One row of a forecasting CSV: the value and up to six covariates.</summary>
public sealed class SeriesRow
{
    /// <summary>The series value.</summary>
    public float Value { get; set; }

    /// <summary>Covariates (ETTh1's HUFL, HULL, MUFL, MULL, LUFL, LULL).</summary>
    public float C0 { get; set; }

    /// <summary>Second covariate.</summary>
    public float C1 { get; set; }

    /// <summary>Third covariate.</summary>
    public float C2 { get; set; }

    /// <summary>Fourth covariate.</summary>
    public float C3 { get; set; }

    /// <summary>Fifth covariate.</summary>
    public float C4 { get; set; }

    /// <summary>Sixth covariate.</summary>
    public float C5 { get; set; }
}

/// <summary>Reads the single-series forecasting files of data/ (plain CSV, header row, no quoting).</summary>
public static class SeriesFile
{
    /// <summary>Rows of <paramref name="c"/>'s file: the value column and its covariate columns.</summary>
    public static SeriesRow[] Load(ForecastingCase c)
    {
        var rows = System.IO.File.ReadLines(DataDirectory.File(c.File)).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var fields = line.Split(',');
            float Get(int i) => i < c.Covariates.Length ? Parse(fields[c.Covariates[i]]) : 0f;
            return new SeriesRow { Value = Parse(fields[c.Column]), C0 = Get(0), C1 = Get(1), C2 = Get(2), C3 = Get(3), C4 = Get(4), C5 = Get(5) };
        }).ToArray();
        return c.LastRows is int n && n < rows.Length ? rows[^n..] : rows;
    }

    private static float Parse(string s) => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
