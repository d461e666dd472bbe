using System;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Spectre.Console;

namespace Samples;

/// <summary>
/// A progress bar for a long <c>Fit</c>: follows the per-epoch lines the recurrent trainers write to
/// <c>mlContext.Log</c> ("Epoch 12: training loss …") and shows the epoch count and the latest losses. When the
/// console is not interactive (redirected output, CI) Spectre.Console prints nothing extra.
/// </summary>
public static partial class TrainingProgress
{
    /// <summary>Runs <paramref name="fit"/> behind a progress bar of <paramref name="epochs"/> epochs.</summary>
    /// <typeparam name="T">What <paramref name="fit"/> returns.</typeparam>
    /// <param name="mlContext">The context whose log the trainer writes to.</param>
    /// <param name="title">What is being trained.</param>
    /// <param name="epochs">The most epochs the trainer runs (early stopping ends it sooner).</param>
    /// <param name="fit">The training call.</param>
    /// <returns>What <paramref name="fit"/> returned.</returns>
    public static T Fit<T>(MLContext mlContext, string title, int epochs, Func<T> fit)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return fit();

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: epochs);
                void OnLog(object? sender, LoggingEventArgs e)
                {
                    var match = EpochLine().Match(e.Message);
                    if (!match.Success)
                        return;
                    task.Value = int.Parse(match.Groups["epoch"].Value, CultureInfo.InvariantCulture);
                    task.Description = Markup.Escape($"{title}: epoch {match.Groups["epoch"].Value}, {match.Groups["losses"].Value}");
                }

                mlContext.Log += OnLog;
                try
                {
                    result = fit();
                }
                finally
                {
                    mlContext.Log -= OnLog;
                    task.Value = task.MaxValue;
                }
            });
        return result;
    }

    [GeneratedRegex(@"Epoch (?<epoch>\d+): (?<losses>[^(]+)")]
    private static partial Regex EpochLine();
}
