using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Recurrent;
using Samples.Pictures;

namespace Samples.Tutorials;

/// <summary>
/// Next-character prediction on "AbAcAdAeAf…": each row is a window of one-hot characters, the label the character that
/// follows. RNN, LSTM and GRU each learn it; the hidden states over a window are drawn as heatmaps. Success when all
/// three reach 0.95 accuracy (quick: 0.4).
/// </summary>
public sealed class NextCharacterSample : ISample
{
    private const string Text = "AbAcAdAeAfAgAhAiAjAkAlAmAnAoApAqArAsAtAuAvAwAxAyAz";
    private const int Window = 4;

    /// <inheritdoc/>
    public string Name => "NextChar";

    /// <inheritdoc/>
    public string Description => "Next-character prediction on \"AbAcAd…\" with RNN, LSTM and GRU, and their hidden-state pictures";

    /// <inheritdoc/>
    public SampleResult Run(SampleSettings settings)
    {
        var vocabulary = Text.Distinct().OrderBy(c => c).ToArray();
        float[] OneHot(string s) => s.SelectMany(c => vocabulary.Select(v => v == c ? 1f : 0f)).ToArray();
        var rows = new List<ClassRow>();
        for (int i = 0; i + Window < Text.Length; i++)
            rows.Add(new ClassRow { Features = OneHot(Text.Substring(i, Window)), Label = Text[i + Window].ToString() });

        var ml = new MLContext(seed: settings.Seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        bool ok = true;
        var accuracies = new List<string>();
        foreach (var cell in new[] { RecurrentCellType.Rnn, RecurrentCellType.Lstm, RecurrentCellType.Gru })
        {
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.MulticlassClassification.Trainers.Recurrent(new RecurrentMulticlassClassificationOptions
                {
                    InputSize = vocabulary.Length, CellType = cell, HiddenSize = 32, NumberOfEpochs = settings.Quick ? 20 : 300,
                    LearningRate = 0.01f, BatchSize = 16, NormalizeFeatures = false,
                }));
            var model = pipeline.Fit(data);
            double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy;
            var states = model.LastTransformer.GetHiddenStates(OneHot("AdAe"));
            var picture = Charts.HiddenStates(states, $"{cell} hidden states over \"AdAe\"", $"hidden-states-{cell.ToString().ToLowerInvariant()}.png");
            Console.WriteLine(Tutorial.Invariant($"{cell}: training accuracy {accuracy:F3}; picture {picture}"));
            accuracies.Add(Tutorial.Invariant($"{cell} {accuracy:F2}"));
            ok &= accuracy >= (settings.Quick ? 0.4 : 0.95);
            model.LastTransformer.Dispose();
        }

        return new SampleResult(ok, "next character accuracy: " + string.Join(", ", accuracies));
    }
}
