using OciSource.Benchmarks;

// Usage: dotnet run -c Release --project tests/OciSource.Benchmarks -- <scenario> [--size-mib N] [--runs N]
// Scenarios: pull, serve. Each prints a table and writes tests/OciSource.Benchmarks/results/<scenario>.md.
var arguments = BenchmarkArguments.Parse(args);
return arguments.Scenario switch
{
    "pull" => await PullBenchmark.RunAsync(arguments),
    "serve" => await ServeBenchmark.RunAsync(arguments),
    _ => BenchmarkArguments.Usage($"unknown scenario '{arguments.Scenario}'"),
};
