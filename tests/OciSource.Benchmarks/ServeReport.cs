using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace OciSource.Benchmarks;

/// <summary>
/// The serve scenario's results as Markdown: setup, the wrk command lines, a table of medians per file and server,
/// and the ratios against target P6. A hand-written <see cref="KeptSection"/> of the previous report (the history of
/// changes and their effect) is carried over unchanged.
/// </summary>
internal sealed class ServeReport(
    int runs, IReadOnlyList<ServeCase> cases, IReadOnlyList<ServedBy> servers, Dictionary<(ServeCase, ServedBy), List<WrkResult>> results, Func<ServeCase, ServedBy, Uri> url)
{
    /// <summary>The heading from which a previous report's text is kept.</summary>
    public const string KeptSection = "## Changes and their effect";

    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public required string NginxVersion { get; init; }

    public required string WrkVersion { get; init; }

    public required string NginxConfiguration { get; init; }

    /// <summary>One run in a line, for the console.</summary>
    public static string Describe(WrkResult result) => Invariant(
        $"{result.RequestsPerSecond:F0} req/s, {Rate(result.BytesPerSecond)}, server CPU {Cores(result.ServerCpu, result)} cores, wrk CPU {Cores(result.WrkCpu, result)} cores, other CPU {Cores(result.OtherCpu, result)} cores, {result.Errors} errors");

    /// <summary>The report; <paramref name="previous"/> is the file's former text, whose <see cref="KeptSection"/> is kept.</summary>
    public string Render(string? previous)
    {
        var ours = servers[1];
        var nginx = servers[0];
        var text = new StringBuilder();
        text.AppendLine("# serve: the artifact server against nginx (sendfile), wrk on loopback");
        text.AppendLine();
        text.AppendLine(Invariant($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({RuntimeInformation.OSDescription}); {runs} runs of each file on each server after a warm-up, alternating which server goes first; every figure is the median of the runs."));
        text.AppendLine();
        text.AppendLine(Invariant($"- Load (`uptime`) before: `{LoadBefore}`; after: `{LoadAfter}`."));
        text.AppendLine(Invariant($"- Versions: {RuntimeInformation.FrameworkDescription}; {NginxVersion}; {WrkVersion}."));
        text.AppendLine(Invariant($"- {ours.Name}: `ArtifactServer.StartAsync` (as the controller's ArtifactServerRunnable calls it) in the benchmark process, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, the controller's runtime settings (`TieredPGO={AppContext.GetData("System.Runtime.TieredPGO") ?? "(default)"}`, `ThreadPool.UnfairSemaphoreSpinLimit={AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit") ?? "(default)"}`), environment: {RuntimeEnvironment()}."));
        text.AppendLine("- nginx: Debian's package with the private configuration below, serving the same store directory.");
        text.AppendLine("- Both serve files stored through `ArtifactStore` (a symbolic link per object path to `blobs/sha256/<hex>`), checked byte for byte before measuring.");
        text.AppendLine("- The machine has 2 cores: wrk, nginx's workers (or Kestrel) and anything else running share them; the CPU columns show how much each took (in cores: CPU seconds per second of the run), \"other CPU\" what the rest of the machine took meanwhile (interference from other work).");
        text.AppendLine();
        text.AppendLine("Commands (the benchmark adds `-s done.lua`, a hook that prints exact counts):");
        text.AppendLine();
        text.AppendLine("```");
        foreach (var serveCase in cases)
        {
            foreach (var server in servers)
            {
                text.AppendLine(Wrk.CommandLine(serveCase.Threads, serveCase.Connections, serveCase.Seconds, url(serveCase, server)));
            }
        }

        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| file | server | requests/s | throughput | requests/s of each run | server CPU | wrk CPU | other CPU | server CPU per request | latency p50 / p99 | errors |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var serveCase in cases)
        {
            foreach (var server in servers)
            {
                var list = results[(serveCase, server)];
                text.AppendLine(Invariant(
                    $"| {serveCase.Name} | {server.Name} | {PerSecond(Median(list, r => r.RequestsPerSecond))} | {Rate(Median(list, r => r.BytesPerSecond))} | {string.Join(", ", list.Select(r => PerSecond(r.RequestsPerSecond)))} | {Median(list, r => r.ServerCpu / r.Duration):F2} cores | {Median(list, r => r.WrkCpu / r.Duration):F2} cores | {Median(list, r => r.OtherCpu / r.Duration):F2} cores | {Median(list, r => r.ServerCpu.TotalMicroseconds / r.Requests):F0} µs | {Median(list, r => r.LatencyP50.TotalMilliseconds):F2} / {Median(list, r => r.LatencyP99.TotalMilliseconds):F2} ms | {list.Sum(r => r.Errors)} |"));
            }
        }

        text.AppendLine();
        text.AppendLine("Target P6:");
        text.AppendLine();
        text.AppendLine(Invariant($"| file | compared | {ours.Name} / nginx | target | verdict |"));
        text.AppendLine("|---|---|---|---|---|");
        foreach (var serveCase in cases)
        {
            var ratio = Median(results[(serveCase, ours)], serveCase.Figure) / Median(results[(serveCase, nginx)], serveCase.Figure);
            var verdict = ratio >= serveCase.Target
                ? Invariant($"**met**, {(ratio / serveCase.Target - 1) * 100:F0}% above the target")
                : Invariant($"**NOT met**, {(1 - ratio / serveCase.Target) * 100:F0}% short of the target");
            text.AppendLine(Invariant($"| {serveCase.Name} | {(serveCase.ByThroughput ? "throughput" : "requests/s")} | **{ratio:F2}** | ≥ {serveCase.Target:F1} | {verdict} |"));
        }

        text.AppendLine();
        text.AppendLine("nginx configuration:");
        text.AppendLine();
        text.AppendLine("```nginx");
        text.AppendLine(NginxConfiguration.TrimEnd());
        text.AppendLine("```");
        var kept = previous?.IndexOf(KeptSection, StringComparison.Ordinal) ?? -1;
        if (kept >= 0)
        {
            text.AppendLine();
            text.Append(previous![kept..]);
        }

        return text.ToString();
    }

    private static double Median(List<WrkResult> results, Func<WrkResult, double> figure) => results.Select(figure).Order().ElementAt(results.Count / 2);

    /// <summary>The <c>DOTNET_*</c> variables set (they change the runtime's behaviour), or "none".</summary>
    private static string RuntimeEnvironment()
    {
        var set = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) && k is not "DOTNET_ROOT" and not "DOTNET_NOLOGO" and not "DOTNET_CLI_TELEMETRY_OPTOUT")
            .Order(StringComparer.Ordinal)
            .Select(k => $"`{k}={Environment.GetEnvironmentVariable(k)}`")
            .ToList();
        return set.Count == 0 ? "no `DOTNET_*` settings" : string.Join(", ", set);
    }

    private static string PerSecond(double value) => value.ToString(value < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string Cores(TimeSpan cpu, WrkResult result) => (cpu / result.Duration).ToString("F2", CultureInfo.InvariantCulture);

    private static string Rate(double bytesPerSecond) =>
        bytesPerSecond >= 1e9 ? Invariant($"{bytesPerSecond / 1e9:F2} GB/s") : Invariant($"{bytesPerSecond / 1e6:F1} MB/s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
