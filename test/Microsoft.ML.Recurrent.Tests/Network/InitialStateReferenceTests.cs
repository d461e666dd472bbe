using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Network;

/// <summary>The library's scores and final states with non-zero initial states against plain TorchSharp modules given
/// the same weights and the same h0 (and c0), row by row, unpadded.</summary>
public class InitialStateReferenceTests
{
    [Theory]
    [InlineData(RecurrentCellType.Rnn, false)]
    [InlineData(RecurrentCellType.Lstm, false)]
    [InlineData(RecurrentCellType.Gru, false)]
    [InlineData(RecurrentCellType.Lstm, true)]
    public void Transform_NonZeroInitialState_EqualsTorchModuleWithSameH0(RecurrentCellType cell, bool bidirectional)
    {
        const int d = 2, h = 3, layers = 2;
        int k = bidirectional ? 2 : 1, parts = cell == RecurrentCellType.Lstm ? 2 : 1, stateSize = parts * layers * k * h;
        var ml = new MLContext(seed: 5);
        var train = StatefulSequences.Load(ml, StatefulSequences.Rows(12, 1, d, stateSize), stateSize);
        using var model = StatefulSequences.Trainer(ml, cell, layers, bidirectional, h, d, epochs: 2).Fit(train);
        using var encoder = model.AsFinalStateEncoder("FinalState");
        var rows = StatefulSequences.Rows(7, 8, d, stateSize, minSteps: 1, maxSteps: 10);
        var data = StatefulSequences.Load(ml, rows, stateSize);
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        var finals = encoder.Transform(data).GetColumn<float[]>("FinalState").ToArray();

        var weights = model.GetWeights();
        nn.Module recurrent = cell switch
        {
            RecurrentCellType.Lstm => nn.LSTM(d, h, layers, batchFirst: true, bidirectional: bidirectional),
            RecurrentCellType.Gru => nn.GRU(d, h, layers, batchFirst: true, bidirectional: bidirectional),
            _ => nn.RNN(d, h, layers, batchFirst: true, bidirectional: bidirectional),
        };
        var head = nn.Linear(k * h, 1);
        using (no_grad())
        {
            foreach (var (name, p) in recurrent.named_parameters())
                p.copy_(tensor(weights["recurrent." + name], p.shape));
            foreach (var (name, p) in head.named_parameters())
                p.copy_(tensor(weights["head." + name], p.shape));
        }

        for (int i = 0; i < rows.Count; i++)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = tensor(rows[i].Features, new long[] { 1, rows[i].Features.Length / d, d });            // (1, T, D)
            var h0 = tensor(rows[i].State[..(layers * k * h)], new long[] { layers * k, 1, h });           // (L·K, 1, H)
            Tensor hn;
            Tensor? cn = null;
            switch (recurrent)
            {
                case TorchSharp.Modules.LSTM lstm:
                    var c0 = tensor(rows[i].State[(layers * k * h)..], new long[] { layers * k, 1, h });
                    (_, hn, cn) = lstm.call(x, (h0, c0));
                    break;
                case TorchSharp.Modules.GRU gru:
                    (_, hn) = gru.call(x, h0);
                    break;
                default:
                    (_, hn) = ((TorchSharp.Modules.RNN)recurrent).call(x, h0);
                    break;
            }

            var last = hn.view(layers, k, 1, h)[layers - 1].permute(1, 0, 2).reshape(1, k * h);           // (1, K·H)
            float logit = head.call(last).item<float>();
            var expectedFinal = hn.flatten().data<float>().ToArray().Concat(cn?.flatten().data<float>().ToArray() ?? Array.Empty<float>()).ToArray();

            scores[i].Should().BeApproximately(logit, 1e-5f, "row {0}", i);
            finals[i].Should().Equal(expectedFinal, (a, b) => Math.Abs(a - b) < 1e-5f, "row {0}'s h_n{1}", i, cn is null ? "" : " and c_n");
        }
    }
}
