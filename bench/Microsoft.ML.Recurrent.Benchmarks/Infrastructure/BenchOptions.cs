using System;
using System.Collections.Generic;
using System.Globalization;

namespace Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

/// <summary>Command-line settings of a benchmark run.</summary>
internal sealed class BenchOptions
{
    public const string Usage =
        "Usage: dotnet run --project bench/Microsoft.ML.Recurrent.Benchmarks -c Release -- [options]\n" +
        "  --quick            every case at tiny size (about a minute); proves the program runs, numbers are not meaningful\n" +
        "  --case NAME        only cases whose name contains NAME (repeatable): training, scoring, engine, variable, soak, forecasting, streaming\n" +
        "  --repeats N        timed repetitions per side, interleaved library/hand-written (default 3; quick 1)\n" +
        "  --threads N        NumberOfThreads for the library and torch.set_num_threads for the hand-written loop (default: the library's choice)\n" +
        "  --memory-limit-mib N  a soak stops early when the working set passes this (default 6144)\n" +
        "  --stream-gib N     size of the generated text file the streaming case trains from (default 3)\n" +
        "  --pytorch PYTHON   also time bench/pytorch/reference.py with this Python (e.g. /usr/bin/python3 with Debian's\n" +
        "                     python3-torch and libopenblas0-pthread) and hold the library to PyTorch's speed\n";

    /// <summary>Print the usage and stop.</summary>
    public bool Help { get; private set; }

    /// <summary>Tiny sizes: a smoke test of every case.</summary>
    public bool Quick { get; private set; }

    /// <summary>Timed repetitions per side.</summary>
    public int Repeats { get; private set; } = 3;

    /// <summary>Explicit thread count, or null for the library's default.</summary>
    public int? Threads { get; private set; }

    /// <summary>Case-name filters (empty: all).</summary>
    public List<string> Cases { get; } = new();

    /// <summary>Python with PyTorch for the reference runs, or null to skip them.</summary>
    public string? PyTorch { get; private set; }

    /// <summary>Size in GiB of the streaming case's file.</summary>
    public int StreamGib { get; private set; } = 3;

    /// <summary>Working-set limit of the soak runs.</summary>
    public long MemoryLimitBytes { get; private set; } = 6144L << 20;

    /// <summary>Whether the case named <paramref name="name"/> runs.</summary>
    public bool Includes(string name)
        => Cases.Count == 0 || Cases.Exists(c => name.Contains(c, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the usage on a bad argument.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        bool repeatsGiven = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help":
                case "-h":
                    options.Help = true;
                    break;
                case "--quick":
                    options.Quick = true;
                    break;
                case "--case":
                    options.Cases.Add(Value(args, ref i));
                    break;
                case "--repeats":
                    options.Repeats = PositiveInt(args, ref i);
                    repeatsGiven = true;
                    break;
                case "--threads":
                    options.Threads = PositiveInt(args, ref i);
                    break;
                case "--pytorch":
                    options.PyTorch = Value(args, ref i);
                    break;
                case "--stream-gib":
                    options.StreamGib = PositiveInt(args, ref i);
                    break;
                case "--memory-limit-mib":
                    options.MemoryLimitBytes = (long)PositiveInt(args, ref i) << 20;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        if (options.Quick && !repeatsGiven)
            options.Repeats = 1;
        return options;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
            throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
        return args[++i];
    }

    private static int PositiveInt(string[] args, ref int i)
    {
        string name = args[i];
        string text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value <= 0)
            throw new ArgumentException($"{name} expects a positive integer, got '{text}'.\n{Usage}");
        return value;
    }
}
