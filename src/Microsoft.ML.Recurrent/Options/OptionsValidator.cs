using System;
using System.Collections.Generic;
using System.Globalization;

namespace Microsoft.ML.Recurrent;

/// <summary>Validates options once, completely, and throws one exception listing every problem.</summary>
internal static class OptionsValidator
{
    /// <summary>Throws an <see cref="ArgumentException"/> listing every invalid setting of <paramref name="options"/>.</summary>
    public static T Validate<T>(T options, string parameterName = "options")
        where T : RecurrentNetworkOptions
    {
        ArgumentNullException.ThrowIfNull(options, parameterName);
        var problems = new List<string>();
        options.CollectProblems(problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"{options.GetType().Name} has {problems.Count} invalid setting{(problems.Count == 1 ? "" : "s")}:{Environment.NewLine}- " +
                string.Join(Environment.NewLine + "- ", problems), parameterName);
        }

        return (T)options.Snapshot();
    }

    public static void Positive(List<string> problems, string name, int value, string? alternative = null)
    {
        if (value <= 0)
            problems.Add($"{name} must be a positive integer{Or(alternative)}, got {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    public static void PositiveFinite(List<string> problems, string name, float value, string? alternative = null)
    {
        if (!(value > 0) || float.IsInfinity(value))
            problems.Add($"{name} must be a positive finite number{Or(alternative)}, got {Format(value)}.");
    }

    public static void Probability(List<string> problems, string name, float value)
    {
        if (!(value >= 0 && value < 1))
            problems.Add($"{name} must be in [0, 1), got {Format(value)}.");
    }

    public static void Defined<TEnum>(List<string> problems, string name, TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            problems.Add($"{name} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}, got {value}.");
    }

    public static void NotEmpty(List<string> problems, string name, string? value, string? alternative = null)
    {
        if (string.IsNullOrWhiteSpace(value))
            problems.Add($"{name} must name a column{Or(alternative)}, got {(value is null ? "null" : $"'{value}'")}.");
    }

    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Or(string? alternative) => alternative is null ? "" : " " + alternative;
}
