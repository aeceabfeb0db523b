using System.Globalization;

namespace OciSource.Benchmarks;

/// <summary>Command line of the benchmark runner.</summary>
internal sealed record BenchmarkArguments(string Scenario, int SizeMiB, int Runs, string ResultsDirectory, bool DiscardOutput)
{
    public static BenchmarkArguments Parse(string[] args)
    {
        var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "pull";
        return new BenchmarkArguments(
            scenario,
            Option(args, "--size-mib", 512),
            Option(args, "--runs", 3),
            Path.Combine(OciSource.Testing.TestEnvironment.RepositoryRoot, "tests", "OciSource.Benchmarks", "results"),
            args.Contains("--discard"));
    }

    public static int Usage(string problem)
    {
        Console.Error.WriteLine($"{problem}\nusage: eng/bench.sh <scenario> [--size-mib N] [--runs N] [--discard]\nscenarios: pull, serve, scale-1k, scale-10k, steady, dedup, startup, verify\n" +
            "controller scenarios (and pull): [--objects N] [--namespaces N] [--create-concurrency N] [--interval D] [--controller PATH] [--variant NAME] [--env NAME=VALUE]... [-- controller flags]; steady: [--warm-intervals N]; verify: [--warm-up N] [--noop-rounds N]");
        return 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
