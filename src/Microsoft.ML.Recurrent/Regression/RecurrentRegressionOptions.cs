namespace Microsoft.ML.Recurrent;

/// <summary>Options of <c>mlContext.Regression.Trainers.Recurrent</c>: one number per sequence (many-to-one).</summary>
/// <remarks>The label column is <c>Single</c> or <c>Double</c>; it is standardised for training and the scores are
/// returned on the label's own scale.</remarks>
public sealed class RecurrentRegressionOptions : RecurrentSupervisedOptions
{
}
