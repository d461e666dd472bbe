using System;
using System.Collections.Generic;
using System.IO;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>Standardises regression labels for training (mean 0, standard deviation 1) and returns predictions to the
/// label's own scale; stored with the model.</summary>
internal sealed class LabelStandardizer
{
    public float Mean { get; private set; }

    public float Std { get; private set; } = 1;

    /// <summary>Takes the mean and standard deviation of the training labels.</summary>
    public void Fit(LabelMoments moments)
    {
        Mean = (float)moments.Mean;
        Std = Data.RunningMoments.IsNegligible(moments.Mean, moments.Std) ? 1f : (float)moments.Std;
    }

    public float Scale(float value) => (value - Mean) / Std;

    public float Unscale(float value) => value * Std + Mean;

    /// <summary>Root mean squared error of <paramref name="outputs"/> (standardised) against <paramref name="labels"/>.</summary>
    public double Rmse(ReadOnlySpan<float> outputs, IReadOnlyList<float> labels)
    {
        double sum = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            double error = Unscale(outputs[i]) - labels[i];
            sum += error * error;
        }

        return labels.Count == 0 ? 0 : Math.Sqrt(sum / labels.Count);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Mean);
        writer.Write(Std);
    }

    public void Read(BinaryReader reader)
    {
        Mean = reader.ReadSingle();
        Std = reader.ReadSingle();
        if (!float.IsFinite(Mean) || !float.IsFinite(Std) || Std <= 0)
            throw new InvalidDataException($"the stored label scaling (mean {Mean}, std {Std}) is not valid");
    }
}
