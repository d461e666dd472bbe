// The consumer test's application. test/consumer/run.sh copies this folder into a brand-new `dotnet new console`
// project that references only Microsoft.ML, TorchSharp-cpu and Microsoft.ML.Recurrent (from a local feed):
//   dotnet run -- train <dir>   each scenario trains, evaluates, and saves its model, test rows and scores in <dir>
//   dotnet run -- load <dir>    a second process: each scenario loads its model and checks it scores as saved
// To test another estimator, add a class implementing IScenario and list it below.
using ConsumerApp;

IScenario[] scenarios = [new MulticlassScenario(), new ForecastingScenario()];

if (args.Length != 2 || args[0] is not ("train" or "load"))
{
    Console.Error.WriteLine("usage: ConsumerApp train|load <directory>");
    return 2;
}

var (mode, directory) = (args[0], args[1]);
Directory.CreateDirectory(directory);
int failures = 0;
foreach (var scenario in scenarios)
{
    try
    {
        string result = mode == "train" ? scenario.Train(directory) : scenario.LoadAndCheck(directory);
        Console.WriteLine($"{mode} {scenario.Name}: ok, {result}");
    }
    catch (Exception e)
    {
        failures++;
        Console.WriteLine($"{mode} {scenario.Name}: FAILED: {e}");
    }
}

return failures == 0 ? 0 : 1;
