using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.Recurrent;

/// <summary>One weight tensor of a network, as PyTorch's <c>named_parameters()</c> lists it.</summary>
/// <param name="Name">State-dict name, e.g. "recurrent.weight_ih_l0".</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Count">Number of values.</param>
public sealed record RecurrentParameterInfo(string Name, IReadOnlyList<long> Shape, long Count);

/// <summary>The parameters of a network and their total, like <c>torchinfo.summary</c>.</summary>
/// <param name="Parameters">Every weight tensor in order.</param>
public sealed record RecurrentParameterSummary(IReadOnlyList<RecurrentParameterInfo> Parameters)
{
    /// <summary>Total number of trainable values.</summary>
    public long TotalCount => Parameters.Sum(p => p.Count);

    /// <summary>A table: name, shape, count, and the total.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        int width = Parameters.Max(p => p.Name.Length);
        foreach (var p in Parameters)
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Name.PadRight(width)}  ({string.Join(", ", p.Shape)})  {p.Count:N0}");
        text.Append(CultureInfo.InvariantCulture, $"{"Total".PadRight(width)}  {TotalCount:N0}");
        return text.ToString();
    }
}
