using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>The entry point ML.NET's <c>mlContext.Model.Load</c> calls for a saved recurrent forecaster.</summary>
internal static class ForecastModelLoader
{
    /// <summary>Called by ML.NET's ComponentCatalog; <paramref name="ctx"/> is its ModelLoadContext.</summary>
    public static RecurrentForecastingTransformer Create(IHostEnvironment env, object ctx) => ForecastModelSerializer.Load(env, ctx);
}
