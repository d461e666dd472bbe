using System.Collections.Generic;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>One series: its values and, per step, its covariates (past-observed first, then known-future).</summary>
internal sealed class TimeSeries
{
    public TimeSeries(string id)
    {
        Id = id;
    }

    /// <summary>The series id ("" for a single series).</summary>
    public string Id { get; }

    /// <summary>Values in time order.</summary>
    public List<float> Values { get; } = new();

    /// <summary>Covariates of each step, C values per step, flattened.</summary>
    public List<float> Covariates { get; } = new();

    /// <summary>Number of steps.</summary>
    public int Length => Values.Count;
}
