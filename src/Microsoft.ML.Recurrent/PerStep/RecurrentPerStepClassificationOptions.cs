namespace Microsoft.ML.Recurrent;

/// <summary>Options of <c>mlContext.MulticlassClassification.Trainers.RecurrentPerStep</c>: one class at every time
/// step (many-to-many), e.g. the next character after each character of a text, or a tag per word.</summary>
/// <remarks>The label column is a vector of keys, one per time step of the row's sequence (map class names with
/// <c>mlContext.Transforms.Conversion.MapValueToKey</c>, which also works on vectors). Rows may differ in length; the
/// loss and the metrics count every valid step once and ignore padding.</remarks>
public sealed class RecurrentPerStepClassificationOptions : RecurrentSupervisedOptions
{
}
