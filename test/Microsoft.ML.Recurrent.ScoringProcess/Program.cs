using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent;

// Usage: ScoringProcess <model.zip> <rows.txt> <scores.txt>
//        ScoringProcess forecast <model.zip> <forecast.txt>   (engine.Predict() of a saved forecaster)
//        ScoringProcess heap <model.zip>   (loads the model, then prints "kept N MiB": how much of a freed 64 MiB block
//                                           malloc kept resident)
//        ScoringProcess heap-training       (trains a small forecaster; during its first epoch frees two 600 MiB blocks at
//                                           the top of the heap, then prints "kept N MiB during training, M MiB after":
//                                           how much of them stayed resident then and once Fit returned)
//        ScoringProcess hint-training       (trains an LSTM on 2,000-step sequences, whose backward buffers are far above
//                                           glibc's 32 MiB mmap threshold cap, then prints "hints N" and the hints: how
//                                           often the fresh-memory hint was logged)
//        ScoringProcess seeded-training <scores.txt>   (trains a regressor with dropout and a forecaster from
//                                           MLContext(seed: 7) and writes their scores; writes nothing to the console)
// rows.txt: one sequence per line, values separated by spaces. scores.txt: one line per row with every Score value
// (batch Transform), then the same from a PredictionEngine, in round-trip format.
if (args.Length == 3 && args[0] == "forecast")
{
    var context = new MLContext(seed: 5);
    var forecaster = context.Model.Load(args[1], out _);
    var forecastEngine = Microsoft.ML.Recurrent.ForecastEngineExtensions.CreateForecastEngine<Observation, ForecastRow>(forecaster, context);
    var result = forecastEngine.Predict();
    File.WriteAllLines(args[2], new[] { result.Forecast, result.Lower, result.Upper }.Select(v => string.Join(" ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))));
    return 0;
}

if (args.Length == 2 && args[0] == "heap")
{
    new MLContext(seed: 5).Model.Load(args[1], out _);   // loads libtorch through the library
    long before = ResidentBytes();
    const int size = 64 << 20;
    var block = System.Runtime.InteropServices.Marshal.AllocHGlobal(size);
    for (int offset = 0; offset < size; offset += 4096)
        System.Runtime.InteropServices.Marshal.WriteByte(block, offset, 1);   // touch every page
    System.Runtime.InteropServices.Marshal.FreeHGlobal(block);
    Console.WriteLine($"kept {(ResidentBytes() - before) >> 20} MiB");
    return 0;
}

if (args.Length == 1 && args[0] == "heap-training")
{
    var context = new MLContext(seed: 5);
    long before = 0, during = -1;
    context.Log += (_, e) =>
    {
        if (during >= 0 || !e.Message.Contains("Epoch 1: training loss", StringComparison.Ordinal))
            return;
        before = ResidentBytes();
        const int size = 600 << 20;   // below the raised mmap threshold: from the heap, not mapped
        var first = System.Runtime.InteropServices.Marshal.AllocHGlobal(size);
        var second = System.Runtime.InteropServices.Marshal.AllocHGlobal(size);
        for (int offset = 0; offset < size; offset += 4096)
        {
            System.Runtime.InteropServices.Marshal.WriteByte(first, offset, 1);   // touch every page
            System.Runtime.InteropServices.Marshal.WriteByte(second, offset, 1);
        }

        System.Runtime.InteropServices.Marshal.FreeHGlobal(second);
        System.Runtime.InteropServices.Marshal.FreeHGlobal(first);   // 1.2 GiB free at the top: above the 1 GiB trim threshold
        during = ResidentBytes() - before;
    };
    var series = Enumerable.Range(0, 200).Select(i => new Observation { Value = MathF.Sin(i * 0.3f) }).ToArray();
    var options = new RecurrentForecastingOptions
    {
        InputColumnName = nameof(Observation.Value), OutputColumnName = "Forecast", WindowSize = 8, Horizon = 2, NumberOfEpochs = 2, HiddenSize = 8,
    };
    using (var forecaster = context.Forecasting.ForecastByRecurrent(options).Fit(context.Data.LoadFromEnumerable(series)))
    {
    }

    Console.WriteLine($"kept {during >> 20} MiB during training, {(ResidentBytes() - before) >> 20} MiB after");
    return 0;
}

if (args.Length == 1 && args[0] == "hint-training")
{
    // A process of its own, so that no earlier work has left free blocks in malloc's bins that could serve the buffers.
    var context = new MLContext(seed: 1);
    var hints = new System.Collections.Generic.List<string>();
    context.Log += (_, e) =>
    {
        if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && e.Message.Contains("freshly mapped memory", StringComparison.Ordinal))
            hints.Add(e.Message);
    };
    var random = new Random(1);
    var sequences = Enumerable.Range(0, 128).Select(_ =>
    {
        var values = Enumerable.Range(0, 2000).Select(_ => (float)random.NextDouble()).ToArray();
        return new LabelledRow { Features = values, Label = values.Average() };
    }).ToList();
    var trainer = context.Regression.Trainers.Recurrent(new RecurrentRegressionOptions
    {
        CellType = RecurrentCellType.Lstm, HiddenSize = 16, BatchSize = 128, NumberOfEpochs = 40, NumberOfThreads = 1,
    });

    // 2,000 steps × 128 rows: the backward pass's gate buffer alone is 2,000 × 128 × 4 × 16 floats = 62.5 MiB.
    using (trainer.Fit(context.Data.LoadFromEnumerable(sequences)))
    {
    }

    Console.WriteLine($"hints {hints.Count}");
    hints.ForEach(Console.WriteLine);
    return 0;
}

if (args.Length == 2 && args[0] == "seeded-training")
{
    var context = new MLContext(seed: 7);
    var random = new Random(7);
    var sequences = Enumerable.Range(0, 40).Select(_ =>
    {
        var values = Enumerable.Range(0, random.Next(3, 9)).Select(_ => (float)random.NextDouble()).ToArray();
        return new LabelledRow { Features = values, Label = values.Sum() };
    }).ToList();
    var data = context.Data.LoadFromEnumerable(sequences);
    var options = new RecurrentRegressionOptions { CellType = RecurrentCellType.Gru, HiddenSize = 8, NumberOfLayers = 2, Dropout = 0.2f, NumberOfEpochs = 3, BatchSize = 8 };
    using var regressor = context.Regression.Trainers.Recurrent(options).Fit(data);
    var scores = regressor.Transform(data).GetColumn<float>("Score").ToList();
    var series = Enumerable.Range(0, 120).Select(i => new Observation { Value = MathF.Sin(i * 0.3f) + (float)random.NextDouble() * 0.1f }).ToArray();
    var forecastOptions = new RecurrentForecastingOptions
    {
        InputColumnName = nameof(Observation.Value), OutputColumnName = "Forecast", WindowSize = 8, Horizon = 2, NumberOfEpochs = 2, HiddenSize = 8, Dropout = 0.1f,
    };
    using var forecaster = context.Forecasting.ForecastByRecurrent(forecastOptions).Fit(context.Data.LoadFromEnumerable(series));
    scores.AddRange(forecaster.CreateForecastEngine<Observation, ForecastRow>(context).Predict().Forecast);
    File.WriteAllLines(args[1], scores.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    return 0;
}

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ScoringProcess <model.zip> <rows.txt> <scores.txt>");
    return 2;
}

var ml = new MLContext(seed: 99);
var model = ml.Model.Load(args[0], out _);
var rows = File.ReadAllLines(args[1]).Select(l => new Row { Features = l.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray() }).ToArray();
var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
var column = scored.Schema["Score"];
var batch = column.Type is VectorDataViewType
    ? scored.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToArray()
    : scored.GetColumn<float>(column).Select(v => new[] { v }).ToArray();
using var writer = new StreamWriter(args[2]);
foreach (var b in batch)
    writer.WriteLine(string.Join(" ", b.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
var engine = ml.Model.CreatePredictionEngine<Row, ScoreRow>(model);
foreach (var row in rows)
    writer.WriteLine(engine.Predict(row).Score.ToString("R", CultureInfo.InvariantCulture));
return 0;

static long ResidentBytes()
    => long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;

/// <summary>Input row.</summary>
internal sealed class Row
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();
}

/// <summary>Input row with a regression label.</summary>
internal sealed class LabelledRow
{
    [VectorType]
    public float[] Features { get; set; } = Array.Empty<float>();

    public float Label { get; set; }
}

/// <summary>Output row (binary or regression score).</summary>
internal sealed class ScoreRow
{
    public float Score { get; set; }
}

/// <summary>One observation of a series.</summary>
internal sealed class Observation
{
    public float Value { get; set; }
}

/// <summary>A forecast with bounds.</summary>
internal sealed class ForecastRow
{
    public float[] Forecast { get; set; } = Array.Empty<float>();

    public float[] Lower { get; set; } = Array.Empty<float>();

    public float[] Upper { get; set; } = Array.Empty<float>();
}
