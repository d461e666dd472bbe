namespace Microsoft.ML.Recurrent.Native;

/// <summary>Placeholder until the native loader lands.</summary>
internal static class TorchNativeLoader
{
    /// <summary>Ensures TorchSharp's native library is loaded.</summary>
    internal static void EnsureLoaded()
    {
    }
}
