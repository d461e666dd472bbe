using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Recurrent;

namespace Samples.Pictures;

/// <summary>The pictures of the tutorials, drawn with ScottPlot and written as PNG files.</summary>
public static class Charts
{
    /// <summary>Training (and validation, when recorded) loss per epoch.</summary>
    public static string LossCurves(RecurrentTrainingHistory history, string title, string fileName)
    {
        var plot = new ScottPlot.Plot();
        double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        // Losses fall by orders of magnitude: draw log10 so the late epochs stay readable.
        plot.Add.Scatter(epochs, history.Epochs.Select(e => Math.Log10(e.TrainingLoss)).ToArray()).LegendText = "training loss";
        if (history.Epochs.All(e => e.ValidationLoss.HasValue))
            plot.Add.Scatter(epochs, history.Epochs.Select(e => Math.Log10(e.ValidationLoss!.Value)).ToArray()).LegendText = "validation loss";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend();
        return Save(plot, title, "epoch", "log10 loss", fileName);
    }

    /// <summary>The end of the history, the actual future and the forecast with its interval band.</summary>
    public static string Forecast(IReadOnlyList<float> history, IReadOnlyList<float> actual, float[] forecast, float[] lower, float[] upper, string title, string fileName)
    {
        var plot = new ScottPlot.Plot();
        int shown = Math.Min(history.Count, 4 * forecast.Length);
        double[] past = Enumerable.Range(history.Count - shown, shown).Select(i => (double)i).ToArray();
        double[] future = Enumerable.Range(history.Count, forecast.Length).Select(i => (double)i).ToArray();
        var band = plot.Add.FillY(future, lower.Select(v => (double)v).ToArray(), upper.Select(v => (double)v).ToArray());
        band.LegendText = "interval";
        band.FillColor = band.FillColor.WithAlpha(0.3);
        plot.Add.Scatter(past, history.Skip(history.Count - shown).Select(v => (double)v).ToArray()).LegendText = "history";
        plot.Add.Scatter(future, actual.Select(v => (double)v).ToArray()).LegendText = "actual";
        plot.Add.Scatter(future, forecast.Select(v => (double)v).ToArray()).LegendText = "forecast";
        plot.ShowLegend();
        return Save(plot, title, "step", "value", fileName);
    }

    /// <summary>Hidden state units (rows) over time steps (columns).</summary>
    public static string HiddenStates(float[][] states, string title, string fileName)
    {
        int steps = states.Length, units = states[0].Length;
        var data = new double[units, steps];
        for (int t = 0; t < steps; t++)
        {
            for (int u = 0; u < units; u++)
                data[u, t] = states[t][u];
        }

        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(data);
        plot.Add.ColorBar(heatmap);
        return Save(plot, title, "time step", "hidden unit", fileName);
    }

    /// <summary>‖∂loss/∂x_t‖ against the time step, one line per network (log scale).</summary>
    public static string GradientByStep(IReadOnlyDictionary<string, IReadOnlyList<double>> byNetwork, string title, string fileName)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, norms) in byNetwork)
        {
            double[] steps = Enumerable.Range(0, norms.Count).Select(i => (double)i).ToArray();
            var line = plot.Add.ScatterLine(steps, norms.Select(n => Math.Log10(Math.Max(n, 1e-30))).ToArray());
            line.LegendText = name;
        }

        plot.ShowLegend();
        return Save(plot, title, "time step", "log10 ‖∂loss/∂x_t‖", fileName);
    }

    private static string Save(ScottPlot.Plot plot, string title, string x, string y, string fileName)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        var path = PictureFolder.File(fileName);
        plot.SavePng(path, 800, 450);
        return path;
    }
}
