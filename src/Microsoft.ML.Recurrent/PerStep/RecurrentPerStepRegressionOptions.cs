namespace Microsoft.ML.Recurrent;

/// <summary>Options of <c>mlContext.Regression.Trainers.RecurrentPerStep</c>: one number at every time step
/// (many-to-many), e.g. the running sum of the inputs.</summary>
/// <remarks>The label column is a vector of Single or Double, one value per time step of the row's sequence. Labels are
/// standardised for training; scores come back on the label's scale. Rows may differ in length; the loss and the
/// metrics count every valid step once and ignore padding.</remarks>
public sealed class RecurrentPerStepRegressionOptions : RecurrentSupervisedOptions
{
}
