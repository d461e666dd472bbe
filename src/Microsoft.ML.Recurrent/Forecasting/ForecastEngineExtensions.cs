using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Recurrent;

/// <summary>Creates forecast engines from fitted models.</summary>
public static class ForecastEngineExtensions
{
    /// <summary>A forecast engine over <paramref name="model"/>: a <see cref="RecurrentForecastingTransformer"/>, or a
    /// chain that contains one (the transforms before it are applied to each observation).</summary>
    /// <typeparam name="TSrc">The observation class.</typeparam>
    /// <typeparam name="TDst">The forecast class, with <c>float[]</c> members named after the output columns.</typeparam>
    /// <param name="model">The fitted model.</param>
    /// <param name="mlContext">The context.</param>
    /// <returns>A new engine with its own copy of the series state.</returns>
    public static RecurrentForecastEngine<TSrc, TDst> CreateForecastEngine<TSrc, TDst>(this ITransformer model, MLContext mlContext)
        where TSrc : class
        where TDst : class, new()
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(mlContext);
        var chain = Flatten(model).ToArray();
        int index = Array.FindLastIndex(chain, t => t is RecurrentForecastingTransformer);
        if (index < 0)
        {
            throw new ArgumentException(
                $"The model ({model.GetType().Name}) contains no RecurrentForecastingTransformer; fit a pipeline that ends with mlContext.Forecasting.ForecastByRecurrent(...).", nameof(model));
        }

        return new RecurrentForecastEngine<TSrc, TDst>(mlContext, chain, index);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain)
            {
                foreach (var t in Flatten(inner))
                    yield return t;
            }
        }
        else
        {
            yield return model;
        }
    }
}
