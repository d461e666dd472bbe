namespace Microsoft.ML.Recurrent;

/// <summary>Options of <c>mlContext.MulticlassClassification.Trainers.Recurrent</c>: one class per sequence.</summary>
/// <remarks>The label column is a key (use <c>mlContext.Transforms.Conversion.MapValueToKey</c>); the number of classes
/// is the key type's count.</remarks>
public sealed class RecurrentMulticlassClassificationOptions : RecurrentSupervisedOptions
{
}
