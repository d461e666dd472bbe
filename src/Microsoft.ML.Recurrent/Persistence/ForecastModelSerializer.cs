using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Forecasting;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>Writes and reads a <see cref="RecurrentForecastingTransformer"/> (layout, scaling, bounds, series state,
/// history in <c>Model.key</c>; weights in their own entry).</summary>
internal static class ForecastModelSerializer
{
    /// <summary>ML.NET loader signature (at most 24 characters).</summary>
    public const string LoaderSignature = "RecurrentForecastModel";

    /// <summary>2: SeasonalBaseline in the layout; 3: settings and weights sealed with checksums (<see cref="ModelIntegrity"/>).</summary>
    private static readonly ModelFormat Format = new("RNNFCAST", LoaderSignature, Current: 0x00010003, OldestReadable: 0x00010002,
        FirstSealed: 0x00010003, What: "recurrent forecasting model");

    private const int FormatMagic = 0x524E4E46; // "RNNF"

    public static void Save(RecurrentForecastingTransformer transformer, ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        Format.Save(ctx, FormatMagic, transformer.Model.SaveWeights, settings =>
        {
            transformer.Model.Layout.Write(settings);
            transformer.Outputs.Write(settings);
            settings.Write(transformer.Model.BatchSize);
            transformer.Model.Network.Shape.Write(settings);
            transformer.Model.CovariateScaler.Write(settings);
            settings.Write(transformer.Model.ResidualScale.Length);
            foreach (var r in transformer.Model.ResidualScale)
                settings.Write(r);
            settings.Write(transformer.SeriesOrder.Count);
            foreach (var id in transformer.SeriesOrder)
                transformer.State[id].Write(settings);
            HistoryFormat.Write(settings, transformer.TrainingHistory);
        });
    }

    public static RecurrentForecastingTransformer Load(IHostEnvironment env, object ctx)
    {
        var (reader, version) = Format.BeginLoad(ctx);
        try
        {
            byte[]? weightsHash;
            (reader, weightsHash) = Format.ReadSettings(reader, version, FormatMagic);
            var layout = SeriesLayout.Read(reader);
            var outputs = ForecastOutputs.Read(reader);
            int batchSize = StoredCount.Read(reader, "rows per batch", 1);
            var shape = NetworkShape.Read(reader);
            var covariateScaler = FeatureScaler.Read(reader);
            int residuals = reader.ReadInt32();
            if (residuals != layout.Horizon || shape.InputSize != layout.StepSize)
                throw new InvalidDataException("the stored sizes do not agree with each other");
            var residualScale = new float[residuals];
            for (int i = 0; i < residuals; i++)
                residualScale[i] = reader.ReadSingle();
            int seriesCount = StoredCount.Read(reader, "series", 0, 100_000_000);
            var state = new Dictionary<string, SeriesState>();
            var order = new List<string>();
            for (int i = 0; i < seriesCount; i++)
            {
                var s = SeriesState.Read(reader, layout);
                state[s.Id] = s;
                order.Add(s.Id);
            }

            var history = HistoryFormat.Read(reader);
            var (network, device) = ModelIntegrity.LoadNetwork(env, "RecurrentForecastLoader", ctx, shape, reader, weightsHash);
            var model = new ForecastModel(network, layout, covariateScaler, residualScale, device, batchSize);
            return new RecurrentForecastingTransformer(env, model, outputs, state, order, history);
        }
        catch (Exception ex) when (ModelFileErrors.IsUnreadableFile(ex))
        {
            throw ModelFileErrors.Unreadable(Format.What, MLNetInternals.GetDirectory(ctx), ex);
        }
    }
}
