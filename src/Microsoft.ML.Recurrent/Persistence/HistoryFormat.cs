using System;
using System.Collections.Generic;
using System.IO;

namespace Microsoft.ML.Recurrent.Persistence;

/// <summary>Reads and writes a <see cref="RecurrentTrainingHistory"/> inside a model file.</summary>
internal static class HistoryFormat
{
    public static void Write(BinaryWriter writer, RecurrentTrainingHistory history)
    {
        writer.Write(history.MetricName);
        writer.Write(history.BestEpoch ?? -1);
        writer.Write(history.StoppedEarly);
        writer.Write(history.Epochs.Count);
        foreach (var e in history.Epochs)
        {
            writer.Write(e.Epoch);
            writer.Write(e.TrainingLoss);
            writer.Write(e.ValidationLoss ?? double.NaN);
            writer.Write(e.ValidationMetric ?? double.NaN);
            writer.Write(e.Duration.Ticks);
        }
    }

    public static RecurrentTrainingHistory Read(BinaryReader reader)
    {
        string metric = reader.ReadString();
        int best = reader.ReadInt32();
        bool stopped = reader.ReadBoolean();
        int count = StoredCount.Read(reader, "epochs in the history", 0, 10_000_000);
        var epochs = new List<RecurrentEpochMetrics>(count);
        for (int i = 0; i < count; i++)
        {
            int epoch = reader.ReadInt32();
            double loss = reader.ReadDouble();
            double vl = reader.ReadDouble();
            double vm = reader.ReadDouble();
            long ticks = reader.ReadInt64();
            epochs.Add(new RecurrentEpochMetrics(epoch, loss, double.IsNaN(vl) ? null : vl, double.IsNaN(vm) ? null : vm, TimeSpan.FromTicks(ticks)));
        }

        return new RecurrentTrainingHistory(epochs, metric, best < 0 ? null : best, stopped);
    }
}
