using System;
using System.Collections.Generic;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.PerStep;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Scoring;

/// <summary>What the library computes, against PyTorch's equations written out by hand (<see cref="HandNetwork"/>) on the fitted weights, each row unpadded.</summary>
public class HandComputationTests
{
    public sealed class BinaryScore
    {
        public float Score { get; set; }
    }

    [Theory]
    [InlineData(RecurrentCellType.Rnn, true)]
    [InlineData(RecurrentCellType.Lstm, true)]
    [InlineData(RecurrentCellType.Gru, false)]
    public void Transform_VariableLengthsTwoLayersWithDropout_ScoresEqualHandComputation(RecurrentCellType cell, bool bidirectional)
    {
        var ml = new MLContext(seed: 3);
        var rows = SyntheticSequences.Binary(40, 5, inputSize: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, cell, bidirectional, epochs: 2, inputSize: 2,
            configure: o => { o.NumberOfLayers = 2; o.HiddenSize = 5; o.Dropout = 0.3f; }).Fit(data);
        var hand = new HandNetwork(model.GetWeights(), cell, 2, 5, 2, bidirectional);
        var moments = HandNetwork.Moments(rows.Select(r => r.Features), 2);

        var batch = model.Transform(data).GetColumn<float>("Score").ToArray();
        var engine = ml.Model.CreatePredictionEngine<BinarySequence, BinaryScore>(model);
        double worst = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            double expected = hand.Head(hand.Run(HandNetwork.Scale(rows[i].Features, moments)).Final)[0];
            float alone = engine.Predict(rows[i]).Score;
            worst = Math.Max(worst, Math.Max(Math.Abs(batch[i] - expected), Math.Abs(alone - expected)));
        }

        worst.Should().BeLessThan(1e-5);
    }

    [Theory]
    [InlineData(RecurrentCellType.Gru, true)]
    [InlineData(RecurrentCellType.Rnn, false)]
    public void GetHiddenStatesAndAsEncoder_ThreeLayers_EqualHandComputation(RecurrentCellType cell, bool bidirectional)
    {
        var ml = new MLContext(seed: 6);
        var rows = SyntheticSequences.Binary(30, 4, inputSize: 2);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = TrainerFactory.Trainer(ml, TrainerKind.Binary, cell, bidirectional, epochs: 2, inputSize: 2,
            configure: o => { o.NumberOfLayers = 3; o.HiddenSize = 4; o.Dropout = 0.2f; }).Fit(data);
        var hand = new HandNetwork(model.GetWeights(), cell, 2, 4, 3, bidirectional);
        var moments = HandNetwork.Moments(rows.Select(r => r.Features), 2);
        using var encoder = model.AsEncoder("Encoding");
        var encodings = encoder.Transform(data).GetColumn<float[]>("Encoding").ToArray();
        double worstStates = 0, worstFinal = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var (states, final) = hand.Run(HandNetwork.Scale(rows[i].Features, moments));
            var actual = model.GetHiddenStates(rows[i].Features);
            actual.Should().HaveCount(states.Length);
            for (int t = 0; t < states.Length; t++)
                worstStates = Math.Max(worstStates, actual[t].Zip(states[t], (a, e) => Math.Abs(a - e)).Max());
            worstFinal = Math.Max(worstFinal, encodings[i].Zip(final, (a, e) => Math.Abs(a - e)).Max());
            // the documented layout: forward half of the last step's state, backward half of the first step's
            var fromStates = actual[^1].Take(4).Concat(bidirectional ? actual[0].Skip(4) : Array.Empty<float>()).ToArray();
            encodings[i].Should().Equal(fromStates, (a, e) => Math.Abs(a - e) < 1e-6f);
        }

        worstStates.Should().BeLessThan(1e-5);
        worstFinal.Should().BeLessThan(1e-5);
    }
}
