using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Network;
using Microsoft.ML.Recurrent.Tasks;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>
/// Measures, per epoch, the gradient norm of each layer (averaged over the epoch's steps, before clipping) and the norm
/// of the loss gradient with respect to the input at each time step on a fixed probe batch: how far back the training
/// signal reaches (the vanishing/exploding gradient picture).
/// </summary>
internal sealed class GradientDiagnostics
{
    private static readonly Regex LayerPattern = new(@"^(?<module>[^.]+)\.[a-z_]+?_l(?<layer>\d+)(?<reverse>_reverse)?$", RegexOptions.Compiled);

    private readonly (string Layer, TorchSharp.Modules.Parameter Parameter)[] _parameters;
    private readonly Dictionary<string, double> _sums = new();
    private int _steps;

    public GradientDiagnostics(RecurrentNetwork network)
    {
        _parameters = network.named_parameters().Select(p => (LayerOf(p.name), p.parameter)).ToArray();
    }

    /// <summary>The layer a parameter belongs to: "recurrent.l0", "recurrent.l0_reverse", "head".</summary>
    public static string LayerOf(string parameterName)
    {
        var match = LayerPattern.Match(parameterName);
        return match.Success ? $"{match.Groups["module"].Value}.l{match.Groups["layer"].Value}{match.Groups["reverse"].Value}" : parameterName.Split('.')[0];
    }

    /// <summary>Adds the current gradients (call after backward, before clipping).</summary>
    public void Record()
    {
        using var scope = NewDisposeScope();
        var squares = new Dictionary<string, double>();
        foreach (var (layer, parameter) in _parameters)
        {
            if (parameter.grad is not Tensor grad)
                continue;
            double n = grad.norm().item<float>();
            squares[layer] = squares.GetValueOrDefault(layer) + n * n;
        }

        foreach (var (layer, sum) in squares)
            _sums[layer] = _sums.GetValueOrDefault(layer) + Math.Sqrt(sum);
        _steps++;
    }

    /// <summary>The epoch's mean gradient norm per layer; resets for the next epoch.</summary>
    public IReadOnlyDictionary<string, double> TakeEpoch()
    {
        var result = _sums.ToDictionary(kv => kv.Key, kv => kv.Value / Math.Max(_steps, 1));
        _sums.Clear();
        _steps = 0;
        return result;
    }

    /// <summary>‖∂loss/∂x_t‖ for each time step t over a probe batch (network in evaluation mode).</summary>
    public static double[] InputGradientNorms(RecurrentNetwork network, PredictionTask task, BatchTensors batches, SequenceDataset data, ReadOnlySpan<int> probe)
    {
        bool training = network.training;
        network.eval();
        try
        {
            using var scope = NewDisposeScope();
            var (input, lengths) = batches.Build(new SequenceArrayRows(data.Features), probe);   // -> (B, T, D), (B)
            var initial = data.StateRows is ISequenceRows states ? batches.States(states, probe) : null;   // -> (B, S), or none
            var x = input.detach().requires_grad_(true);
            var loss = task.Loss(task.Forward(network, x, lengths, initial), task.LabelTensor(data.Labels, probe, x.device));
            loss.backward();
            var perStep = x.grad!.square().sum(new long[] { 0, 2 }).sqrt();                   // -> (T)
            network.zero_grad();
            return perStep.cpu().data<float>().ToArray().Select(v => (double)v).ToArray();
        }
        finally
        {
            network.train(training);
        }
    }
}
