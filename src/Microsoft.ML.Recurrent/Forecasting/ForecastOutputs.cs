using System.Collections.Generic;
using System.IO;

namespace Microsoft.ML.Recurrent.Forecasting;

/// <summary>Names of the output columns and the bounds' level.</summary>
internal sealed record ForecastOutputs(string Forecast, string? Lower, string? Upper, float ConfidenceLevel)
{
    /// <summary>The output columns in order: forecast, then lower and upper when named.</summary>
    public IEnumerable<string> Names
    {
        get
        {
            yield return Forecast;
            if (Lower is not null && Upper is not null)
            {
                yield return Lower;
                yield return Upper;
            }
        }
    }

    public bool HasBounds => Lower is not null && Upper is not null;

    public void Write(BinaryWriter writer)
    {
        writer.Write(Forecast);
        writer.Write(Lower ?? "");
        writer.Write(Upper ?? "");
        writer.Write(ConfidenceLevel);
    }

    public static ForecastOutputs Read(BinaryReader reader)
    {
        string forecast = reader.ReadString(), lower = reader.ReadString(), upper = reader.ReadString();
        float level = reader.ReadSingle();
        if (!(level > 0 && level < 1))
            throw new InvalidDataException($"the stored confidence level {OptionsValidator.Format(level)} is not in (0, 1)");
        return new ForecastOutputs(forecast, lower.Length == 0 ? null : lower, upper.Length == 0 ? null : upper, level);
    }
}
