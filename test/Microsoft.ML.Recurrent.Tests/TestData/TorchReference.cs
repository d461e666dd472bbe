using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.TestData;

/// <summary>A binary classifier's network rebuilt from plain TorchSharp modules (not the library's), for gradient references.</summary>
public static class TorchReference
{
    /// <summary>A plain TorchSharp module of the same architecture holding the fitted weights; the loss of rows scored one by one, unpadded.</summary>
    public static (Dictionary<string, TorchSharp.Modules.Parameter> Parameters, Func<Tensor[], Tensor> Loss) BinaryLoss(
        IReadOnlyDictionary<string, float[]> weights, RecurrentCellType cell, int d, int h, int layers, bool bidirectional, float[] labels)
    {
        nn.Module recurrent = cell switch
        {
            RecurrentCellType.Lstm => nn.LSTM(d, h, layers, batchFirst: true, bidirectional: bidirectional),
            RecurrentCellType.Gru => nn.GRU(d, h, layers, batchFirst: true, bidirectional: bidirectional),
            _ => nn.RNN(d, h, layers, batchFirst: true, bidirectional: bidirectional),
        };
        int k = bidirectional ? 2 : 1;
        var head = nn.Linear(k * h, 1);
        var parameters = recurrent.named_parameters().Select(p => ("recurrent." + p.name, p.parameter))
            .Concat(head.named_parameters().Select(p => ("head." + p.name, p.parameter))).ToDictionary(p => p.Item1, p => p.parameter);
        using (no_grad())
        {
            foreach (var (name, p) in parameters)
                p.copy_(tensor(weights[name], p.shape));
        }

        Tensor Loss(Tensor[] rows)
        {
            var losses = rows.Select((x, i) =>
            {
                Tensor hn = recurrent switch
                {
                    TorchSharp.Modules.LSTM lstm => lstm.call(x, null).Item2,
                    TorchSharp.Modules.GRU gru => gru.call(x, null).Item2,
                    _ => ((TorchSharp.Modules.RNN)recurrent).call(x, null).Item2,
                };                                                                    // (L·K, 1, H)
                var final = hn.view(layers, k, 1, h)[layers - 1].permute(1, 0, 2).reshape(1, k * h);
                var logit = head.call(final);
                return nn.functional.binary_cross_entropy_with_logits(logit, tensor(new[] { labels[i] }, new long[] { 1, 1 }));
            }).ToArray();
            return stack(losses).mean();
        }

        return (parameters, Loss);
    }
}
