namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>What a recurrent model predicts per sequence (stored in saved models: keep the numbers).</summary>
internal enum PredictionTaskKind
{
    BinaryClassification = 1,
    MulticlassClassification = 2,
    Regression = 3,
    Encoder = 4,
    PerStepClassification = 5,
    PerStepRegression = 6,
    EncoderAllStates = 7,
    EncoderFullState = 8,
}
