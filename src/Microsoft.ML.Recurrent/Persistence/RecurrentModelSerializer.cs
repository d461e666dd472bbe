using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Scoring;
using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Runtime;
using TorchSharp;

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

    /// <summary>Name of the zip entry holding the weights.</summary>
    public const string WeightsEntry = "TorchWeights.bin";

    /// <summary>Name of the zip entry holding the initial-state column's name, written only when the model has one
    /// (format 2; models without it stay readable by format-1 readers).</summary>
    public const string InitialStateEntry = "InitialState.bin";

    private const uint FirstVersion = 0x00010001;
    private const uint Version = 0x00010002;   // 2: the initial-state column, in its own entry
    private const int FormatMagic = 0x524E4E31; // "RNN1"

    public static void Save(RecurrentPredictionTransformer transformer, ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);

        // Serialise everything first, so that a failure leaves nothing half-written in the zip.
        var weights = new MemoryStream();
        using (var w = new BinaryWriter(weights, System.Text.Encoding.UTF8, leaveOpen: true))
            transformer.Model.SaveWeights(w);

        // A model with an initial-state column or a full-state encoder needs a reader that knows them (an older one
        // would start from zeros without a word, or not know the task), so older readers are told to refuse the file;
        // any other model stays readable by format-1 readers.
        bool needsFormat2 = transformer.InitialStateColumnName is not null || transformer.Model.Task.Kind == PredictionTaskKind.EncoderFullState;
        var writer = MLNetInternals.BeginSave(ctx, ModelSignature, Version, LoaderSignature,
            readableVersion: needsFormat2 ? Version : FirstVersion);
        writer.Write(FormatMagic);
        writer.Write(transformer.FeatureColumnName);
        writer.Write(transformer.InputSize);
        writer.Write(transformer.OutputNames.Score);
        writer.Write(transformer.OutputNames.PredictedLabel);
        writer.Write(transformer.OutputNames.Probability);
        writer.Write(transformer.Model.BatchSize);
        transformer.Model.Shape.Write(writer);
        transformer.Model.Scaler.Write(writer);
        transformer.Model.Task.WriteWithKind(writer);
        HistoryFormat.Write(writer, transformer.TrainingHistory);
        MLNetInternals.SaveBinaryStream(ctx, WeightsEntry, w => w.Write(weights.GetBuffer(), 0, (int)weights.Length));
        if (transformer.InitialStateColumnName is string state)
            MLNetInternals.SaveBinaryStream(ctx, InitialStateEntry, w => w.Write(state));
    }

    public static RecurrentPredictionTransformer Load(IHostEnvironment env, object ctx)
    {
        var reader = MLNetInternals.BeginLoad(ctx, ModelSignature, Version, LoaderSignature, oldestVersion: FirstVersion);
        try
        {
            int magic = reader.ReadInt32();
            if (magic != FormatMagic)
                throw new InvalidDataException($"found format marker 0x{magic:X8}, expected 0x{FormatMagic:X8}");
            string feature = reader.ReadString();
            int inputSize = reader.ReadInt32();
            var names = new OutputColumnNames(reader.ReadString(), reader.ReadString(), reader.ReadString());
            int batchSize = reader.ReadInt32();
            var shape = NetworkShape.Read(reader);
            var scaler = FeatureScaler.Read(reader);
            var task = PredictionTask.Read(reader);
            var history = HistoryFormat.Read(reader);
            int expectedOutputs = task is EncoderTask encoder
                ? (encoder.Output == EncoderOutput.FullState ? shape.StateSize : shape.FinalStateSize)
                : shape.OutputSize;
            if (shape.InputSize != inputSize || scaler.InputSize != inputSize || expectedOutputs != task.OutputSize || batchSize <= 0)
                throw new InvalidDataException("the stored sizes do not agree with each other");
            string? initialState = null;
            MLNetInternals.TryLoadBinaryStream(ctx, InitialStateEntry, r => initialState = r.ReadString());
            if (initialState is { Length: 0 })
                throw new InvalidDataException("the stored initial-state column name is empty");

            TorchNativeLoader.EnsureLoaded();
            var network = TorchRandom.Exclusive(() => new RecurrentNetwork(shape));   // its initial weights are replaced below
            bool found;
            try
            {
                found = MLNetInternals.TryLoadBinaryStream(ctx, WeightsEntry, r => network.load(r));
            }
            catch
            {
                network.Dispose();
                throw;
            }

            if (!found)
            {
                network.Dispose();
                throw new InvalidDataException($"the weights entry '{WeightsEntry}' is missing");
            }

            var host = env.Register("RecurrentModelLoader");
            var device = TrainingContext.ChooseDevice(env, host);
            network.to(device);
            network.eval();
            var model = new RecurrentModel(network, scaler, task, device, batchSize);
            return new RecurrentPredictionTransformer(env, model, feature, inputSize, names, history, initialState);
        }
        catch (Exception ex) when (ModelFileErrors.IsUnreadableFile(ex))
        {
            throw ModelFileErrors.Unreadable("recurrent model", ex);
        }
    }
}
