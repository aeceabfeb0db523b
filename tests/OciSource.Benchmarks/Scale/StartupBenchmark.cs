using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// Target P8 (scenario <c>startup</c>): a store with N stored artifacts (default 1,000 objects, built by a first
/// controller, then stopped with SIGTERM so it releases the Lease), then the controller started again several times
/// (<c>--runs</c>): process start → metrics endpoint up → leader → the first object's previously stored artifact
/// served by the artifact server (downloaded, and checked against <c>status.artifact.digest</c>).
/// </summary>
internal static class StartupBenchmark
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string[] args)
    {
        var ct = CancellationToken.None;
        var options = ScaleOptions.Parse(args, 1_000, "10m");
        await using var environment = await BenchEnvironment.StartAsync("bench-startup", ct);
        await ScaleBenchmark.PushSmallArtifactAsync(environment, ct);
        var store = Path.Combine(environment.WorkDirectory, "store");
        var (first, setup) = await ScaleRun.RunAsync(environment, options, store, _ => ScaleBenchmark.Repository, ct);
        await using (first)
        {
            await first.StopAsync(ct);
        }

        var artifact = (await environment.Client.CustomObjects.GetNamespacedCustomObjectAsync<OCIRepository>(
            SourceApi.Group, OCIRepository.Version, BenchEnvironment.NamespaceOf(0, options.Namespaces), SourceApi.Plural, BenchEnvironment.NameOf(0), cancellationToken: ct))
            .Status!.Artifact!;
        var runs = new List<StartupTimes>();
        for (var run = 0; run < arguments.Runs; run++)
        {
            await using var controller = ControllerProcess.Start($"restart-{run}", environment, store, options);
            runs.Add(await MeasureAsync(controller, artifact, ct));
            Console.WriteLine($"run {run + 1}: metrics up {Ms(runs[^1].MetricsUp)}, leader {Ms(runs[^1].Leader)}, artifact served {Ms(runs[^1].Served)}");
            await controller.StopAsync(ct);
        }

        var report = Report(options, setup, runs);
        Console.WriteLine(report);
        await ResultsFile.WriteAsync(arguments.ResultsDirectory, options.ResultsName("startup"), report, ct);
        return 0;
    }

    /// <summary>Polls the metrics endpoint and the artifact URL every few milliseconds from the moment the process started.</summary>
    private static async Task<StartupTimes> MeasureAsync(ControllerProcess controller, Artifact artifact, CancellationToken cancellationToken)
    {
        TimeSpan? metricsUp = null;
        TimeSpan? leader = null;
        var url = new Uri(controller.StorageAddress, artifact.Path);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (leader is null)
            {
                try
                {
                    var metrics = await controller.ScrapeAsync(cancellationToken);
                    metricsUp ??= Stopwatch.GetElapsedTime(controller.StartedAt);
                    if (metrics.Sum("leader_election_master_status") == 1)
                    {
                        leader = Stopwatch.GetElapsedTime(controller.StartedAt);
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            try
            {
                var bytes = await Http.GetByteArrayAsync(url, cancellationToken);
                var served = Stopwatch.GetElapsedTime(controller.StartedAt);
                if ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) != artifact.Digest)
                {
                    throw new InvalidOperationException($"{url} served bytes that do not match {artifact.Digest}");
                }

                return new StartupTimes(metricsUp ?? served, leader ?? served, served);
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(5, cancellationToken);
        }

        throw new TimeoutException($"the artifact was not served within 60 s\n{controller.Tail()}");
    }

    private static string Ms(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:F0} ms");

    private static string Report(ScaleOptions options, ScaleMeasurement setup, List<StartupTimes> runs)
    {
        static TimeSpan Median(IEnumerable<TimeSpan> values)
        {
            var ordered = values.Order().ToList();
            return ordered[ordered.Count / 2];
        }

        var served = Median(runs.Select(r => r.Served));
        var text = new StringBuilder();
        ScaleBenchmark.AppendHeader(text, $"startup: process start → leader → a previously stored artifact served ({setup.Objects} objects in the store)", options);
        text.AppendLine(CultureInfo.InvariantCulture, $"{runs.Count} restarts on the same store; each previous process stopped with SIGTERM (it releases the Lease, as on a rolling update). Times from just before `Process.Start`.");
        text.Table("run", "metrics endpoint up", "leader", "artifact served");
        for (var i = 0; i < runs.Count; i++)
        {
            text.Row($"{i + 1}", Ms(runs[i].MetricsUp), Ms(runs[i].Leader), Ms(runs[i].Served));
        }

        text.Row("median", Ms(Median(runs.Select(r => r.MetricsUp))), Ms(Median(runs.Select(r => r.Leader))), $"**{Ms(served)}**");
        text.Table("target P8", "measured (median)", "verdict", "Flux");
        text.Row("process start → serving a previously stored artifact ≤ 2 s", Ms(served), ScaleBenchmark.Verdict(served.TotalSeconds, 2, "s"), "no published figure");
        ScaleBenchmark.AppendRunDetails(text, options, setup, "Setup (the first controller that stored the artifacts):");
        return text.ToString();
    }

    private sealed record StartupTimes(TimeSpan MetricsUp, TimeSpan Leader, TimeSpan Served);
}
