using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>A copy of a module's weights (for keeping the best epoch), outside any dispose scope.</summary>
internal sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _state = new();

    public WeightSnapshot(nn.Module module)
    {
        foreach (var (name, value) in module.state_dict())
            _state[name] = value.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Copies the saved weights back into <paramref name="module"/>.</summary>
    public void Restore(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in module.state_dict())
            value.copy_(_state[name]);
    }

    public void Dispose()
    {
        foreach (var t in _state.Values)
            t.Dispose();
        _state.Clear();
    }
}
