using System;

namespace Microsoft.ML.Recurrent;

/// <summary>
/// Thrown when TorchSharp's native libraries (<c>libLibTorchSharp.so</c> and libtorch) cannot be loaded.
/// </summary>
/// <remarks>
/// The message states which library failed, which <c>GLIBCXX</c> version of the system libstdc++ was missing (if that
/// was the reason), every folder and file that was tried, what was done about it, and what to do: reference
/// <c>TorchSharp-cpu</c> or a <c>TorchSharp-cuda-linux</c> package in the application, or install a libstdc++ that
/// provides <c>GLIBCXX_3.4.32</c> (GCC 13 or newer). See the Troubleshooting section of the README.
/// The underlying loader error, if any, is the <see cref="Exception.InnerException"/>.
/// </remarks>
public sealed class RecurrentNativeLibraryException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RecurrentNativeLibraryException()
        : base("TorchSharp's native library could not be loaded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, why, what was tried and what to do.</param>
    public RecurrentNativeLibraryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    /// <param name="message">What failed, why, what was tried and what to do.</param>
    /// <param name="innerException">The underlying loader error, or <see langword="null"/>.</param>
    public RecurrentNativeLibraryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
