using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>
/// Adam (Kingma and Ba, 2015) with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8, no weight decay), computing the same
/// operations in the same order as TorchSharp's <c>optim.Adam</c>, but with every scalar operand created explicitly
/// and held until the native call that reads it has returned.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a <see cref="double"/> argument into a temporary <see cref="Scalar"/> and passes only its
/// native handle to libtorch; nothing keeps the managed object reachable during the call, and its finalizer frees the
/// native scalar. A garbage collection triggered by another thread in that window frees the scalar while libtorch
/// reads it. One full test run (of dozens, with other tests training on other threads) failed inside
/// <c>optim.Adam.step</c> with libtorch's <c>toDouble</c> check, the signature of a freed scalar. The library's own
/// tensor code creates its scalars the same explicit way.
/// </remarks>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;    // exp_avg, one per parameter, its shape
    private readonly Tensor[] _secondMoments;   // exp_avg_sq
    private readonly double _learningRate;
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private long _steps;

    /// <summary>Starts with zero moments for every parameter.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step size.</param>
    public AdamOptimizer(Parameter[] parameters, double learningRate)
    {
        _parameters = parameters;
        _learningRate = learningRate;
        _firstMoments = new Tensor[parameters.Length];
        _secondMoments = new Tensor[parameters.Length];
        using var noGrad = no_grad();
        for (int i = 0; i < parameters.Length; i++)
        {
            _firstMoments[i] = zeros_like(parameters[i]).DetachFromDisposeScope();
            _secondMoments[i] = zeros_like(parameters[i]).DetachFromDisposeScope();
        }
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _parameters)
            p.grad?.zero_();
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step()
    {
        _steps++;
        double biasCorrection1 = 1 - Math.Pow(Beta1, _steps);
        double biasCorrection2 = 1 - Math.Pow(Beta2, _steps);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var rootBiasCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();   // the two that change with the step
        using var stepSize = (-(_learningRate / biasCorrection1)).ToScalar();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var grad = _parameters[i].grad;
            if (grad is null)
                continue;
            _firstMoments[i].mul_(_beta1).add_(grad, alpha: _oneMinusBeta1);                 // m = β1·m + (1 − β1)·g
            _secondMoments[i].mul_(_beta2).addcmul_(grad, grad, value: _oneMinusBeta2);      // v = β2·v + (1 − β2)·g²
            var denominator = _secondMoments[i].sqrt().div_(rootBiasCorrection2).add_(_epsilon);   // √v / √(1 − β2^t) + ε
            _parameters[i].addcdiv_(_firstMoments[i], denominator, value: stepSize);        // θ −= lr / (1 − β1^t) · m / denominator
        }
    }

    /// <summary>Frees the moments and the constant scalars.</summary>
    public void Dispose()
    {
        foreach (var t in _firstMoments)
            t.Dispose();
        foreach (var t in _secondMoments)
            t.Dispose();
        foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon })
            s.Dispose();
    }
}
