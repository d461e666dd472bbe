using System;
using System.Collections.Generic;
using System.Text;

namespace Microsoft.ML.Recurrent.Native;

/// <summary>
/// Records what <see cref="TorchNativeLoader"/> looked at and did, and turns it into the message of a
/// <see cref="RecurrentNativeLibraryException"/>: what failed, why, where it looked, what it did and what to do.
/// </summary>
internal sealed class NativeLoadReport
{
    /// <summary>The folders searched for TorchSharp's native files, each with what was found there.</summary>
    public List<string> Folders { get; } = new();

    /// <summary>The files read, written or loaded, each with its outcome.</summary>
    public List<string> Files { get; } = new();

    /// <summary>What was done: the patched copy's path, or "not patched because …".</summary>
    public string Action { get; set; } = "nothing yet";

    /// <summary>The symbol version found missing from the system libstdc++, with details, or <see langword="null"/>.</summary>
    public string? MissingVersion { get; set; }

    /// <summary>The shipped <c>libLibTorchSharp.so</c> that was found, or <see langword="null"/>.</summary>
    public string? ShippedPath { get; set; }

    /// <summary>The dynamic loader's own message for the shipped library, when it was asked, or <see langword="null"/>.</summary>
    public string? LoaderError { get; set; }

    /// <summary>The system libstdc++ probe, when one was made.</summary>
    public LibStdCxxProbe? LibStdCxx { get; set; }

    /// <summary>Builds the exception thrown when a native library cannot be loaded.</summary>
    /// <param name="library">The library that failed, e.g. <c>libLibTorchSharp.so</c>.</param>
    /// <param name="failure">What failed, in one sentence.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    /// <returns>An exception whose message holds the whole report and the remedies.</returns>
    public RecurrentNativeLibraryException ToException(string library, string failure, Exception? inner)
    {
        var text = new StringBuilder();
        text.Append($"Microsoft.ML.Recurrent could not load TorchSharp's native library '{library}': {failure}");
        if (inner is not null)
        {
            Exception cause = inner.GetBaseException();
            text.Append($" ({cause.GetType().Name}: {FirstLine(cause.Message)})");
        }

        text.AppendLine().AppendLine();
        if (LoaderError is not null)
        {
            text.AppendLine($"Dynamic loader: {LoaderError}");
        }

        text.AppendLine(MissingVersion is null
            ? "Missing libstdc++ version: none detected."
            : $"Missing libstdc++ version: {MissingVersion}.");
        text.AppendLine($"What was done: {Action}.");
        AppendList(text, "Folders searched:", Folders);
        AppendList(text, "Files tried:", Files);
        if (LibStdCxx is not null)
        {
            AppendList(text, "libstdc++ locations looked at:", LibStdCxx.Tried);
        }

        text.AppendLine("What to do:");
        text.AppendLine($"  - Reference TorchSharp-cpu (or TorchSharp-cuda-linux for NVIDIA GPUs) in the application project itself, at the TorchSharp version this library uses, so that libtorch's native files are copied to runtimes/{TorchNativeLocator.LinuxRid}/native/ in the application's output.");
        text.AppendLine($"  - Or install a libstdc++ that provides {TorchNativeLoader.RequiredVersion} (GCC 13 or newer; e.g. a newer distribution, or a toolchain package placed on LD_LIBRARY_PATH).");
        text.AppendLine($"  - If {TorchNativeLoader.OptOutVariable}=0 is set, unset it so that a patched copy can be prepared; if the cache folder is not writable, set XDG_CACHE_HOME to a writable folder.");
        text.Append("  - See the Troubleshooting section of the Microsoft.ML.Recurrent README.");
        return new RecurrentNativeLibraryException(text.ToString(), inner);
    }

    /// <summary>Formats the report without the remedies, for logs and tests.</summary>
    /// <returns>A multi-line summary.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"What was done: {Action}.");
        text.AppendLine($"Missing libstdc++ version: {MissingVersion ?? "none detected"}.");
        AppendList(text, "Folders searched:", Folders);
        AppendList(text, "Files tried:", Files);
        return text.ToString();
    }

    /// <summary>Appends a heading and one indented line per item (or "(none)").</summary>
    /// <param name="text">The message being built.</param>
    /// <param name="heading">The heading line.</param>
    /// <param name="items">The items.</param>
    private static void AppendList(StringBuilder text, string heading, IReadOnlyCollection<string> items)
    {
        text.AppendLine(heading);
        if (items.Count == 0)
        {
            text.AppendLine("  (none)");
        }

        foreach (string item in items)
        {
            text.AppendLine($"  - {item}");
        }
    }

    /// <summary>The first line of a possibly multi-line message (TorchSharp's own messages hold a long trace).</summary>
    /// <param name="message">The message.</param>
    /// <returns>Its first non-empty line.</returns>
    private static string FirstLine(string message)
    {
        foreach (string line in message.Split('\n'))
        {
            if (line.Trim().Length > 0)
            {
                return line.Trim();
            }
        }

        return message;
    }
}
