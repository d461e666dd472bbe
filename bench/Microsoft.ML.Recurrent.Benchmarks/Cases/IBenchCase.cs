using Microsoft.ML.Recurrent.Benchmarks.Infrastructure;

namespace Microsoft.ML.Recurrent.Benchmarks.Cases;

/// <summary>One benchmark case: measures the library against its reference and adds the results to the report.</summary>
internal interface IBenchCase
{
    /// <summary>Name matched by <c>--case</c>.</summary>
    string Name { get; }

    void Run(BenchOptions options, Report report);
}
