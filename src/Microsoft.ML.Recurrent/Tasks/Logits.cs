using System;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>Turning a row (or step) of class logits into probabilities and a predicted class.</summary>
internal static class Logits
{
    /// <summary>Index of the largest value (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }

        return best;
    }

    /// <summary>Writes softmax(<paramref name="logits"/>) to <paramref name="probabilities"/>, stable for large logits.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = float.NegativeInfinity;
        foreach (var l in logits)
            max = Math.Max(max, l);
        float sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = MathF.Exp(logits[i] - max);
            sum += probabilities[i];
        }

        for (int i = 0; i < logits.Length; i++)
            probabilities[i] /= sum;
    }

    /// <summary>Share of rows whose largest logit is their label's class: <paramref name="outputs"/> holds
    /// <paramref name="classCount"/> logits per label.</summary>
    public static double Accuracy(ReadOnlySpan<float> outputs, Data.SequenceLabels labels, int classCount)
    {
        int correct = 0;
        for (int i = 0; i < labels.Count; i++)
            correct += ArgMax(outputs.Slice(i * classCount, classCount)) == (int)labels[i] ? 1 : 0;
        return labels.Count == 0 ? 0 : (double)correct / labels.Count;
    }
}
