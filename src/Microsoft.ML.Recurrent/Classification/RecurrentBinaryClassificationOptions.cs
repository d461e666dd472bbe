namespace Microsoft.ML.Recurrent;

/// <summary>Options of <c>mlContext.BinaryClassification.Trainers.Recurrent</c>: one yes/no answer per sequence.</summary>
/// <remarks>The label column is <c>Boolean</c>, <c>Single</c> or <c>Double</c> (positive when greater than 0), or a key
/// with two values.</remarks>
public sealed class RecurrentBinaryClassificationOptions : RecurrentSupervisedOptions
{
}
