using System;
using System.Collections.Generic;
using FluentAssertions;
using Microsoft.ML.Recurrent.Native;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Forecasting;

public class ForecastThreadsTests
{
    [Fact]
    public void Fit_NumberOfThreadsSet_TrainsWithItAndRestoresTheCallerCount()
    {
        TorchNativeLoader.EnsureLoaded();
        set_num_threads(2);
        var ml = new MLContext(seed: 1);
        var seenWhileTraining = new List<int>();
        int callerThread = Environment.CurrentManagedThreadId;
        ml.Log += (_, e) =>
        {
            // Epoch lines are logged by the training loop, on the thread that trains.
            if (Environment.CurrentManagedThreadId == callerThread && e.Message.Contains("Epoch 1:", StringComparison.Ordinal))
                seenWhileTraining.Add(get_num_threads());
        };
        var options = SeriesData.Options(window: 12, horizon: 3, epochs: 1);
        options.NumberOfThreads = 1;

        ml.Forecasting.ForecastByRecurrent(options).Fit(ml.Data.LoadFromEnumerable(SeriesData.Sine(80, 1)));

        seenWhileTraining.Should().Equal(1);
        get_num_threads().Should().Be(2);
    }
}
