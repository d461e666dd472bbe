using System;
using System.IO;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>The error for a model file that cannot be read, shared by every loader.</summary>
internal static class ModelFileErrors
{
    /// <summary>Whether <paramref name="ex"/> means the file is unreadable (not a native-library, memory or cancellation problem).</summary>
    public static bool IsUnreadableFile(Exception ex)
        => ex is not RecurrentNativeLibraryException and not OutOfMemoryException and not OperationCanceledException;

    /// <summary>A clear exception naming the model, where it is in the zip, the cause and the remedy.</summary>
    /// <param name="what">e.g. "recurrent model".</param>
    /// <param name="directory">The model's folder in the zip, e.g. "TransformerChain/Transform_001".</param>
    /// <param name="ex">What went wrong while reading.</param>
    public static InvalidDataException Unreadable(string what, string directory, Exception ex)
    {
        var cause = ex is System.Reflection.TargetInvocationException { InnerException: Exception inner } ? inner : ex;
        string where = directory.Length > 0 ? $" (entries '{directory}/Model.key' and '{directory}/{ModelIntegrity.WeightsEntry}')" : "";
        return new InvalidDataException(
            $"The {what} in this file{where} cannot be read: {cause.Message.TrimEnd('.')}. The file is corrupt or truncated, or was written by an " +
            "incompatible version of Microsoft.ML.Recurrent. Restore the file from a copy, or save the model again with mlContext.Model.Save.", cause);
    }
}
