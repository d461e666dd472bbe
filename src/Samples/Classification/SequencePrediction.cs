namespace Samples.Classification;

/// <summary>What a multiclass recurrent pipeline ending in <c>MapKeyToValue("PredictedLabel")</c> returns for one sequence.</summary>
public sealed class SequencePrediction
{
    /// <summary>One probability per class, in the order of the label's key values.</summary>
    public float[] Score { get; set; } = [];

    /// <summary>The predicted class, as written in the data.</summary>
    public string PredictedLabel { get; set; } = "";
}
