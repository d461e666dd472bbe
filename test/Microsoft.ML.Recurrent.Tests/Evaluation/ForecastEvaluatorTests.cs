using System;
using FluentAssertions;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Evaluation;

public class ForecastEvaluatorTests
{
    private static readonly float[] History = { 1, 2, 3 };

    [Fact]
    public void Evaluate_BoundsShorterThanActual_SaysBothLengths()
    {
        var actual = new float[] { 1, 2, 3, 4, 5 };
        var evaluate = () => ForecastEvaluator.Evaluate(actual, actual, History, 1, lower: new float[] { 0, 1 }, upper: new float[] { 2, 3 });
        evaluate.Should().Throw<ArgumentException>().WithMessage("Expected as many lower bounds as actual values (5); got 2. Pass the bounds of the same forecast steps*");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Evaluate_OnlyOneBound_SaysBothAreNeeded(bool lowerGiven)
    {
        var actual = new float[] { 1, 2, 3 };
        var evaluate = () => ForecastEvaluator.Evaluate(actual, actual, History, 1, lower: lowerGiven ? actual : null, upper: lowerGiven ? null : actual);
        var (given, missing) = lowerGiven ? ("lower", "upper") : ("upper", "lower");
        evaluate.Should().Throw<ArgumentException>().WithMessage($"Got {given} bounds but no {missing} bounds; coverage needs both. Pass {missing} as well*or neither*");
    }

    [Fact]
    public void Evaluate_NaNActual_NamesIndexAndValue()
    {
        var evaluate = () => ForecastEvaluator.Evaluate(new[] { 1f, float.NaN }, new[] { 1f, 2f }, History, 1);
        evaluate.Should().Throw<ArgumentException>().WithMessage("actual[1] is NaN; expected finite values only*Leave the steps without a value out*");
    }

    [Fact]
    public void Evaluate_InfiniteForecastOrBound_NamesArgumentAndIndex()
    {
        var actual = new float[] { 1, 2 };
        var forecast = () => ForecastEvaluator.Evaluate(actual, new[] { float.PositiveInfinity, 2f }, History, 1);
        var lower = () => ForecastEvaluator.Evaluate(actual, actual, History, 1, new[] { 0f, float.NegativeInfinity }, actual);
        forecast.Should().Throw<ArgumentException>().WithMessage("forecast[0] is Infinity*");
        lower.Should().Throw<ArgumentException>().WithMessage("lower[1] is -Infinity*");
    }

    [Fact]
    public void Evaluate_NaNInHistory_SaysFillTheGaps()
    {
        var evaluate = () => ForecastEvaluator.Evaluate(new[] { 1f }, new[] { 1f }, new[] { 1f, float.NaN, 3f }, 1);
        evaluate.Should().Throw<ArgumentException>().WithMessage("history[1] is NaN*Fill the gaps in the history first*");
    }

    [Fact]
    public void Evaluate_ValidBounds_GivesCoverage()
    {
        var metrics = ForecastEvaluator.Evaluate(new float[] { 1, 5 }, new float[] { 1, 2 }, History, 1, lower: new float[] { 0, 1 }, upper: new float[] { 2, 3 });
        metrics.Coverage.Should().Be(0.5);
        metrics.MeanAbsoluteError.Should().Be(1.5);
    }
}
