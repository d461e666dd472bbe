using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>
/// Training on a text file larger than the memory the run may use: a file of <c>--stream-gib</c> GiB (default 3) of
/// generated sequences (100 steps, label = sign of the mean) read with ML.NET's text loader, one epoch of a small LSTM
/// with <c>ShuffleBufferSize</c> 4,096. The result is the peak working set during <c>Fit</c> against the file's size
/// (target: at most a quarter of it); reading the same rows into memory would take about the file's size in floats.
/// The file is generated once into the temp folder and reused by later runs.
/// </summary>
internal sealed class StreamingCase : IBenchCase
{
    private const int Steps = 100;
    private const int BufferRows = 4096;
    private const int BatchSize = 256;

    public string Name => "streaming from a file";

    public void Run(BenchOptions options, Report report)
    {
        double gib = options.Quick ? 0.02 : options.StreamGib;
        long targetBytes = (long)(gib * (1L << 30));
        string path = Path.Combine(Path.GetTempPath(), Report.Invariant($"recurrent-bench-stream-{targetBytes}.tsv"));
        var generate = Stopwatch.StartNew();
        bool generated = !File.Exists(path);
        long rows = EnsureFile(path, targetBytes);
        generate.Stop();
        long fileBytes = new FileInfo(path).Length;

        var ml = new MLContext(1);
        var data = ml.Data.LoadFromTextFile(path, new[]
        {
            new TextLoader.Column("Label", DataKind.Boolean, 0),
            new TextLoader.Column("Features", DataKind.Single, 1, Steps),
        });
        var trainer = ml.BinaryClassification.Trainers.Recurrent(new RecurrentBinaryClassificationOptions
        {
            CellType = RecurrentCellType.Lstm, HiddenSize = 16, NumberOfEpochs = 1, BatchSize = BatchSize,
            ShuffleBufferSize = BufferRows, NumberOfThreads = options.Threads,
        });

        GC.Collect();
        long before = Machine.WorkingSet();
        RecurrentPredictionTransformer model;
        TimeSpan fitTime;
        long peak = before;
        var samples = new System.Collections.Concurrent.ConcurrentQueue<long>();
        using (var sampler = new Timer(_ =>
        {
            long now = Machine.WorkingSet();
            samples.Enqueue(now);
            Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), now));
        }, null, 0, 250))
        {
            var watch0 = Stopwatch.StartNew();
            model = trainer.Fit(data);
            fitTime = watch0.Elapsed;
        }

        peak = Math.Max(peak, Machine.WorkingSet());
        using var fitted = model;
        var epoch = model.TrainingHistory.Epochs[0];
        var trace = samples.ToArray();
        string trajectory = string.Join(" ", Enumerable.Range(1, 10).Select(i => trace.Length == 0 ? "?" : (trace[Math.Min(trace.Length - 1, i * trace.Length / 10)] >> 20).ToString(CultureInfo.InvariantCulture)));

        report.Add(new Result(
            Report.Invariant($"peak working set training from a {fileBytes / (double)(1L << 30):F2} GiB text file ({rows:N0} rows × {Steps} steps), streamed, LSTM 16, batch {BatchSize}, buffer {BufferRows:N0} rows"),
            Machine.Mib(peak),
            Machine.Mib(fileBytes) + " (file)",
            (double)peak / fileBytes,
            0.25,
            Report.Invariant($"working set before Fit {Machine.Mib(before)}; rows in memory would take {Machine.Mib(rows * Steps * sizeof(float))}; working set in MiB at every 10% of Fit: {trajectory}; Fit {fitTime.TotalSeconds:F0} s (checking pass + 1 epoch, {rows / Math.Max(fitTime.TotalSeconds, 1e-9):N0} rows/s), training loss {epoch.TrainingLoss:F3}{(generated ? Report.Invariant($"; file generated in {generate.Elapsed.TotalSeconds:F0} s") : "; file reused from an earlier run")}")));
    }

    /// <summary>Writes the file unless it exists; returns its row count.</summary>
    private static long EnsureFile(string path, long targetBytes)
    {
        string countPath = path + ".rows";
        if (File.Exists(path) && File.Exists(countPath))
            return long.Parse(File.ReadAllText(countPath), CultureInfo.InvariantCulture);

        var rng = new Random(7);
        long rows = 0;
        string temporary = path + ".partial";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 20))
        {
            var line = new StringBuilder(Steps * 8);
            var values = new float[Steps];
            while (writer.BaseStream.Position < targetBytes)
            {
                line.Clear();
                double shift = (rows % 2 == 0 ? 1 : -1) * 0.2;
                double sum = 0;
                for (int t = 0; t < Steps; t++)
                {
                    values[t] = (float)(shift + (rng.NextDouble() * 2 - 1));
                    sum += values[t];
                }

                line.Append(sum > 0 ? '1' : '0');
                foreach (var v in values)
                    line.Append('\t').Append(v.ToString("F3", CultureInfo.InvariantCulture));
                writer.WriteLine(line);
                rows++;
            }
        }

        File.Move(temporary, path, overwrite: true);
        File.WriteAllText(countPath, rows.ToString(CultureInfo.InvariantCulture));
        return rows;
    }
}
