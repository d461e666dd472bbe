using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>One measured comparison: the library, the reference, their ratio and the target it is held to.</summary>
/// <param name="Case">Case and workload.</param>
/// <param name="Library">The library's number, with its unit.</param>
/// <param name="Reference">The reference's number (hand-written TorchSharp unless the case says otherwise).</param>
/// <param name="Ratio">Library cost over reference cost (time or memory): above 1 the library is worse.</param>
/// <param name="Limit">The largest ratio the target allows.</param>
/// <param name="Note">Threads, equivalence check, load, re-measurements.</param>
internal sealed record Result(string Case, string Library, string Reference, double Ratio, double Limit, string Note)
{
    public bool Met => Ratio <= Limit;
}

/// <summary>Prints results as they come and a summary table at the end.</summary>
internal sealed class Report
{
    private readonly TextWriter _out;
    private readonly List<Result> _results = new();

    public Report(TextWriter output) => _out = output;

    public IReadOnlyList<Result> Results => _results;

    public void Add(Result result)
    {
        _results.Add(result);
        _out.WriteLine(Invariant($"  {result.Case}: library {result.Library}, reference {result.Reference}, ratio {result.Ratio:F3} (target ≤ {result.Limit:F2}: {(result.Met ? "met" : "NOT met")}){(result.Note.Length > 0 ? " — " + result.Note : "")}"));
        _out.Flush();
    }

    public void Line(string text)
    {
        _out.WriteLine(text);
        _out.Flush();
    }

    public void Summary()
    {
        _out.WriteLine();
        _out.WriteLine("| case | library | reference | ratio | target | |");
        _out.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in _results)
            _out.WriteLine(Invariant($"| {r.Case} | {r.Library} | {r.Reference} | {r.Ratio:F3} | ≤ {r.Limit:F2} | {(r.Met ? "met" : "NOT met")} |"));
        _out.WriteLine();
        _out.WriteLine(Invariant($"{_results.Count(r => r.Met)} of {_results.Count} targets met; peak working set {Machine.Mib(Machine.PeakWorkingSet())}."));
        _out.Flush();
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
