using Microsoft.ML;
using Microsoft.ML.Data;

namespace ConsumerApp;

/// <summary>Multiclass LSTM on two-channel sequences of different lengths: is channel 0 rising, falling or flat?</summary>
internal sealed class MulticlassScenario : IScenario
{
    private const int InputSize = 2;
    private static readonly string[] Classes = ["rising", "falling", "flat"];

    public string Name => "multiclass";

    public string Train(string directory)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(MakeRows(count: 150, seed: 11));
        var testRows = MakeRows(count: 60, seed: 12);
        var test = ml.Data.LoadFromEnumerable(testRows);

        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Recurrent(inputSize: InputSize, hiddenSize: 16, numberOfEpochs: 12, batchSize: 16, learningRate: 0.01f))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(train);

        var scored = model.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        if (metrics.MicroAccuracy < 0.9)
            throw new InvalidOperationException($"MicroAccuracy on the test rows is {metrics.MicroAccuracy:F3}; expected at least 0.9 on this easy task.");

        ml.Model.Save(model, train.Schema, Path.Combine(directory, "multiclass-model.zip"));
        SavedScores.Write(Path.Combine(directory, "multiclass-rows.txt"), testRows.Select(r => r.Features));
        SavedScores.Write(Path.Combine(directory, "multiclass-scores.txt"), Scores(scored));
        File.WriteAllLines(Path.Combine(directory, "multiclass-labels.txt"), scored.GetColumn<string>("PredictedLabel"));
        return $"MicroAccuracy {metrics.MicroAccuracy:F3}, LogLoss {metrics.LogLoss:F3}, model saved";
    }

    public string LoadAndCheck(string directory)
    {
        var ml = new MLContext(seed: 2);
        var model = ml.Model.Load(Path.Combine(directory, "multiclass-model.zip"), out _);
        var rows = SavedScores.Read(Path.Combine(directory, "multiclass-rows.txt")).Select(f => new Row { Features = f }).ToArray();

        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
        SavedScores.CheckEqual("multiclass Score", SavedScores.Read(Path.Combine(directory, "multiclass-scores.txt")), Scores(scored));
        var labels = scored.GetColumn<string>("PredictedLabel").ToArray();
        var savedLabels = File.ReadAllLines(Path.Combine(directory, "multiclass-labels.txt"));
        if (!labels.SequenceEqual(savedLabels))
            throw new InvalidOperationException("multiclass PredictedLabel: the loaded model predicts other labels than the saved ones.");

        using var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        for (int i = 0; i < rows.Length; i++)
        {
            string predicted = engine.Predict(rows[i]).PredictedLabel;
            if (predicted != savedLabels[i])
                throw new InvalidOperationException($"multiclass PredictionEngine: row {i} predicted '{predicted}', saved '{savedLabels[i]}'.");
        }

        return $"{rows.Length} rows scored identically by Transform, PredictionEngine agrees";
    }

    private static float[][] Scores(IDataView scored)
        => scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();

    /// <summary>Sequences of 8 to 16 steps; channel 0 has the class's trend plus noise, channel 1 is noise only.</summary>
    private static Row[] MakeRows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new Row[count];
        for (int i = 0; i < count; i++)
        {
            string label = Classes[i % Classes.Length];
            float slope = label switch { "rising" => 0.5f, "falling" => -0.5f, _ => 0f };
            int steps = random.Next(8, 17);
            float start = (float)(random.NextDouble() * 4 - 2);
            var features = new float[steps * InputSize];
            for (int t = 0; t < steps; t++)
            {
                features[t * InputSize] = start + slope * t + (float)(random.NextDouble() - 0.5) * 0.2f;
                features[t * InputSize + 1] = (float)(random.NextDouble() - 0.5);
            }

            rows[i] = new Row { Features = features, Label = label };
        }

        return rows;
    }

    internal sealed class Row
    {
        [VectorType]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    internal sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";
    }
}
