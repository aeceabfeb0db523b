using OciSource.Benchmarks;
using OciSource.Benchmarks.Scale;

// Usage: dotnet run -c Release --project tests/OciSource.Benchmarks -- <scenario> [--size-mib N] [--runs N]
// Scenarios: pull, serve, scale-1k, scale-10k, steady, dedup, startup, verify (README "Benchmark"). Each prints a table and writes tests/OciSource.Benchmarks/results/<scenario>.md.
var arguments = BenchmarkArguments.Parse(args);
return arguments.Scenario switch
{
    "pull" => await PullBenchmark.RunAsync(arguments, args),
    "serve" => await ServeBenchmark.RunAsync(arguments),
    "scale-1k" or "scale-10k" => await ScaleBenchmark.RunAsync(arguments.Scenario, arguments, args),
    "steady" => await SteadyBenchmark.RunAsync(arguments, args),
    "dedup" => await DedupBenchmark.RunAsync(arguments, args),
    "startup" => await StartupBenchmark.RunAsync(arguments, args),
    "verify" => await VerifyBenchmark.RunAsync(arguments, args),
    _ => BenchmarkArguments.Usage($"unknown scenario '{arguments.Scenario}'"),
};
