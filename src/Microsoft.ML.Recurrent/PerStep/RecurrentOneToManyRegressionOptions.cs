using System.Collections.Generic;

namespace Microsoft.ML.Recurrent;

/// <summary>Options of <c>mlContext.Regression.Trainers.RecurrentOneToMany</c>: one input (a vector of
/// <see cref="RecurrentSupervisedOptions.InputSize"/> values, or a Single) turned into a sequence of
/// <see cref="OutputLength"/> numbers, e.g. the first ten multiples of a number.</summary>
/// <remarks>The network reads the (scaled) input at each of the <see cref="OutputLength"/> steps and emits one number
/// per step (Keras' <c>RepeatVector</c> pattern). The label column is a vector of <see cref="OutputLength"/> Single or
/// Double values.</remarks>
public sealed class RecurrentOneToManyRegressionOptions : RecurrentSupervisedOptions
{
    /// <summary>Number of output steps per row. Required.</summary>
    /// <value>The default value is 0, which is invalid: set it.</value>
    public int OutputLength { get; set; }

    internal override void CollectProblems(List<string> problems)
    {
        base.CollectProblems(problems);
        OptionsValidator.Positive(problems, nameof(OutputLength), OutputLength, "(the number of output steps per row)");
    }
}
