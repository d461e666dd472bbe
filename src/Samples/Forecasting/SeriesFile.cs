using System;
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

    /// <summary>Calendar covariates known in the future (<see cref="ForecastingCase.CalendarPeriods"/>): sine of the
    /// first period's phase.</summary>
    public float F0 { get; set; }

    /// <summary>Cosine of the first period's phase.</summary>
    public float F1 { get; set; }

    /// <summary>Sine of the second period's phase.</summary>
    public float F2 { get; set; }

    /// <summary>Cosine of the second period's phase.</summary>
    public float F3 { get; set; }

    /// <summary>Sine of the third period's phase.</summary>
    public float F4 { get; set; }

    /// <summary>Cosine of the third period's phase.</summary>
    public float F5 { get; set; }

    /// <summary>The names of the past-observed covariate columns, C0 to C5.</summary>
    public static readonly string[] CovariateColumns = [nameof(C0), nameof(C1), nameof(C2), nameof(C3), nameof(C4), nameof(C5)];

    /// <summary>The names of the calendar covariate columns, F0 to F5 (sine and cosine per period).</summary>
    public static readonly string[] CalendarColumns = [nameof(F0), nameof(F1), nameof(F2), nameof(F3), nameof(F4), nameof(F5)];

    /// <summary>A row with this row's calendar covariates only (value and past covariates 0): what is known of a future step.</summary>
    public SeriesRow CalendarOnly() => new() { F0 = F0, F1 = F1, F2 = F2, F3 = F3, F4 = F4, F5 = F5 };
}

/// <summary>Reads the single-series forecasting files of data/ (plain CSV, header row, no quoting).</summary>
public static class SeriesFile
{
    /// <summary>Rows of <paramref name="c"/>'s file: the value column, its covariate columns and its calendar
    /// covariates (from each row's index in the file).</summary>
    public static SeriesRow[] Load(ForecastingCase c)
    {
        if (c.Covariates.Length > SeriesRow.CovariateColumns.Length || c.CalendarPeriods.Length > SeriesRow.CalendarColumns.Length / 2)
            throw new ArgumentException($"{c.Name}: at most {SeriesRow.CovariateColumns.Length} covariates and {SeriesRow.CalendarColumns.Length / 2} calendar periods.", nameof(c));
        var rows = System.IO.File.ReadLines(DataDirectory.File(c.File)).Skip(1).Where(l => l.Length > 0).Select((line, t) =>
        {
            var fields = line.Split(',');
            float Get(int i) => i < c.Covariates.Length ? Parse(fields[c.Covariates[i]]) : 0f;
            float Phase(int i, Func<double, double> wave) => i < c.CalendarPeriods.Length ? (float)wave(2 * Math.PI * (t % c.CalendarPeriods[i]) / c.CalendarPeriods[i]) : 0f;
            return new SeriesRow
            {
                Value = Parse(fields[c.Column]),
                C0 = Get(0), C1 = Get(1), C2 = Get(2), C3 = Get(3), C4 = Get(4), C5 = Get(5),
                F0 = Phase(0, Math.Sin), F1 = Phase(0, Math.Cos), F2 = Phase(1, Math.Sin), F3 = Phase(1, Math.Cos), F4 = Phase(2, Math.Sin), F5 = Phase(2, Math.Cos),
            };
        }).ToArray();
        return c.LastRows is int n && n < rows.Length ? rows[^n..] : rows;
    }

    private static float Parse(string s) => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
