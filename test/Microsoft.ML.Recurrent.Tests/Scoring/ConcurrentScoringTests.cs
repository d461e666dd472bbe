using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Scoring;

/// <summary>One loaded model scored from several threads at once, as an ML.NET service does.</summary>
public class ConcurrentScoringTests
{
    [Fact]
    public void PredictionEnginesAndTransform_FromSeveralThreadsAtOnce_ScoreAsAlone()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFactory.Data(ml, TrainerKind.Regression, count: 40);
        using var trained = TrainerFactory.Trainer(ml, TrainerKind.Regression, RecurrentCellType.Gru, epochs: 2).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"concurrent-{System.Guid.NewGuid():N}.zip");
        ml.Model.Save(trained, data.Schema, path);
        var loaded = new MLContext(seed: 3).Model.Load(path, out _);
        File.Delete(path);
        var rows = SyntheticSequences.Sum(60, 5);
        var view = ml.Data.LoadFromEnumerable(rows);
        var expected = loaded.Transform(view).GetColumn<float>("Score").ToArray();

        var engines = Enumerable.Range(0, 4).Select(_ => ml.Model.CreatePredictionEngine<NumberSequence, RegressionScore>(loaded)).ToArray();
        var predicted = new float[engines.Length][];
        var transformed = new float[4][];
        Parallel.For(0, engines.Length + transformed.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            if (k < engines.Length)
                predicted[k] = rows.Select(r => engines[k].Predict(r).Score).ToArray();
            else
                transformed[k - engines.Length] = loaded.Transform(view).GetColumn<float>("Score").ToArray();
        });

        transformed.Should().OnlyContain(t => t.SequenceEqual(expected));
        foreach (var p in predicted)
            p.Should().Equal(expected, (a, b) => System.Math.Abs(a - b) <= 1e-5f, "a batch of one scores like the full batch");
        ((System.IDisposable)loaded).Dispose();
    }

    /// <summary>A regression score.</summary>
    public sealed class RegressionScore
    {
        public float Score { get; set; }
    }
}
