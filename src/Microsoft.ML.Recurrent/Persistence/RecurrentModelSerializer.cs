using System;
using System.IO;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Scoring;
using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>
/// Writes and reads a <see cref="RecurrentPredictionTransformer"/> inside ML.NET's model zip: settings, scaling, task
/// state and history in <c>Model.key</c>, the torch weights in their own entry.
/// </summary>
internal static class RecurrentModelSerializer
{
    /// <summary>ML.NET loader signature (at most 24 characters).</summary>
    public const string LoaderSignature = "RecurrentPredictionModel";

    /// <summary>ML.NET model signature (8 characters).</summary>
    public const string ModelSignature = "RNNPRED ";

    /// <summary>1: the first; 2: settings and weights sealed with checksums (<see cref="ModelIntegrity"/>), the
    /// initial-state column and the full-state encoder.</summary>
    private static readonly ModelFormat Format = new(ModelSignature, LoaderSignature, Current: 0x00010002, OldestReadable: 0x00010001,
        FirstSealed: 0x00010002, What: "recurrent model");

    private const int FormatMagic = 0x524E4E31; // "RNN1"

    public static void Save(RecurrentPredictionTransformer transformer, ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);

        Format.Save(ctx, FormatMagic, transformer.Model.SaveWeights, settings =>
        {
            settings.Write(transformer.FeatureColumnName);
            settings.Write(transformer.InputSize);
            settings.Write(transformer.OutputNames.Score);
            settings.Write(transformer.OutputNames.PredictedLabel);
            settings.Write(transformer.OutputNames.Probability);
            settings.Write(transformer.Model.BatchSize);
            transformer.Model.Shape.Write(settings);
            transformer.Model.Scaler.Write(settings);
            transformer.Model.Task.WriteWithKind(settings);
            HistoryFormat.Write(settings, transformer.TrainingHistory);
            settings.Write(transformer.InitialStateColumnName ?? "");   // format 2: "" when the initial state is zeros
        });
    }

    public static RecurrentPredictionTransformer Load(IHostEnvironment env, object ctx)
    {
        var (reader, version) = Format.BeginLoad(ctx);
        try
        {
            byte[]? weightsHash;
            (reader, weightsHash) = Format.ReadSettings(reader, version, FormatMagic);
            string feature = reader.ReadString();
            int inputSize = reader.ReadInt32();
            var names = new OutputColumnNames(reader.ReadString(), reader.ReadString(), reader.ReadString());
            int batchSize = StoredCount.Read(reader, "rows per batch", 1);
            var shape = NetworkShape.Read(reader);
            var scaler = FeatureScaler.Read(reader);
            var task = PredictionTask.Read(reader);
            var history = HistoryFormat.Read(reader);
            string? initialState = null;
            if (version >= Format.FirstSealed)
            {
                string stored = reader.ReadString();
                initialState = stored.Length == 0 ? null : stored;
            }

            int expectedOutputs = task is EncoderTask encoder
                ? (encoder.Output == EncoderOutput.FullState ? shape.StateSize : shape.FinalStateSize)
                : shape.OutputSize;
            if (shape.InputSize != inputSize || scaler.InputSize != inputSize || expectedOutputs != task.OutputSize)
                throw new InvalidDataException("the stored sizes do not agree with each other");
            var (network, device) = ModelIntegrity.LoadNetwork(env, "RecurrentModelLoader", ctx, shape, reader, weightsHash);
            var model = new RecurrentModel(network, scaler, task, device, batchSize);
            return new RecurrentPredictionTransformer(env, model, feature, inputSize, names, history, initialState);
        }
        catch (Exception ex) when (ModelFileErrors.IsUnreadableFile(ex))
        {
            throw ModelFileErrors.Unreadable(Format.What, MLNetInternals.GetDirectory(ctx), ex);
        }
    }
}
