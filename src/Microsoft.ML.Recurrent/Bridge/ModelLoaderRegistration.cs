extern alias MLCoreInternals;

using System.Runtime.CompilerServices;
using Microsoft.ML.Recurrent;
using Microsoft.ML.Recurrent.Persistence;

// ML.NET's ComponentCatalog finds model loaders through its internal LoadableClassAttribute on the loader's assembly.
// The attribute type comes from a compile-time facade (see src/Microsoft.ML.Recurrent.CoreFacade) and binds to the
// real one at run time; IgnoresAccessChecksTo lets the runtime show the internal attribute to ML.NET. With this,
// mlContext.Model.Load works in a fresh process with no registration call.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: MLCoreInternals::Microsoft.ML.LoadableClass(
    typeof(RecurrentPredictionTransformer), typeof(RecurrentModelLoader), null,
    typeof(MLCoreInternals::Microsoft.ML.SignatureLoadModel), "Recurrent prediction model", RecurrentModelSerializer.LoaderSignature)]
[assembly: MLCoreInternals::Microsoft.ML.LoadableClass(
    typeof(RecurrentForecastingTransformer), typeof(ForecastModelLoader), null,
    typeof(MLCoreInternals::Microsoft.ML.SignatureLoadModel), "Recurrent forecasting model", ForecastModelSerializer.LoaderSignature)]
