extern alias MLCoreInternals;

using System.Runtime.CompilerServices;
using Microsoft.ML.Recurrent.Bridge;

[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: MLCoreInternals::Microsoft.ML.LoadableClass(
    typeof(RecurrentModelLoader), typeof(RecurrentModelLoader), null,
    typeof(MLCoreInternals::Microsoft.ML.SignatureLoadModel), "Recurrent model", RecurrentModelLoader.LoaderSignature)]

namespace Microsoft.ML.Recurrent.Bridge;

/// <summary>Probe.</summary>
public sealed class RecurrentModelLoader
{
    /// <summary>Loader signature.</summary>
    public const string LoaderSignature = "RecurrentModel";

    /// <summary>Create.</summary>
    public static RecurrentModelLoader Create(Microsoft.ML.Runtime.IHostEnvironment env, object ctx) => new();
}
