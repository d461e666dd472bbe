using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>The entry point ML.NET's <c>mlContext.Model.Load</c> calls for a saved recurrent model.</summary>
internal static class RecurrentModelLoader
{
    /// <summary>Called by ML.NET's ComponentCatalog (SignatureLoadModel with environment); <paramref name="ctx"/> is its ModelLoadContext.</summary>
    public static RecurrentPredictionTransformer Create(IHostEnvironment env, object ctx) => RecurrentModelSerializer.Load(env, ctx);
}
