using System.Diagnostics;
using System.Text;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// Target P4 (scenario <c>steady</c>): after the scale-1k setup has settled (objects with a short
/// <c>spec.interval</c>, default 1m) and <c>--warm-intervals N</c> (default 1) intervals of no-op reconciles have run
/// (the no-op path is new code to the JIT after the setup: its compilation and tier-up are warm-up, not steady state),
/// one interval of no-op reconciles — the window ends when the controller has completed as many more reconciles as
/// there are objects. Reports registry requests per reconcile (1 HEAD of the
/// tag's manifest expected), blob requests (0 expected), API requests, and the controller's CPU per reconcile (its
/// <c>/proc</c> utime + stime over the window, idle work included, divided by the reconciles).
/// </summary>
internal static class SteadyBenchmark
{
    /// <summary>How often the window's end is polled: each scrape of <c>/metrics</c> costs the controller CPU (it renders every object's histogram), which the window counts.</summary>
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string[] args)
    {
        var ct = CancellationToken.None;
        var options = ScaleOptions.Parse(args, 1_000, "1m");
        await using var environment = await BenchEnvironment.StartAsync("bench-steady", ct);
        await ScaleBenchmark.PushSmallArtifactAsync(environment, ct);
        var (controller, setup) = await ScaleRun.RunAsync(
            environment, options, Path.Combine(environment.WorkDirectory, "store"), _ => ScaleBenchmark.Repository, ct);
        await using (controller)
        {
            var warmIntervals = ScaleOptions.Int(args, "--warm-intervals") ?? 1;
            Console.WriteLine($"All {setup.Objects} Ready after {ScaleRun.Seconds(setup.AllReady)}; {warmIntervals} interval(s) ({options.Interval}) of warm-up...");
            var warmTarget = (await controller.ScrapeAsync(ct)).Sum("controller_runtime_reconcile_total") + ((double)warmIntervals * setup.Objects);
            await Eventually.WaitAsync(
                async c => (await controller.ScrapeAsync(c)).Sum("controller_runtime_reconcile_total") >= warmTarget,
                TimeSpan.FromMinutes(30), "the warm-up reconciles", controller.Tail, ct, ScrapeInterval);
            Console.WriteLine($"measuring one interval ({options.Interval}) of no-op reconciles...");
            var before = await controller.ScrapeAsync(ct);
            var cpuBefore = controller.CpuSeconds;
            var since = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var target = before.Sum("controller_runtime_reconcile_total") + setup.Objects;
            await Eventually.WaitAsync(
                async c => (await controller.ScrapeAsync(c)).Sum("controller_runtime_reconcile_total") >= target,
                TimeSpan.FromMinutes(30), $"{setup.Objects} more reconciles", controller.Tail, ct, ScrapeInterval);
            var window = clock.Elapsed;
            var cpu = controller.CpuSeconds - cpuBefore;
            var after = await controller.ScrapeAsync(ct);
            var steady = new SteadyMeasurement(
                after.Sum("controller_runtime_reconcile_total") - before.Sum("controller_runtime_reconcile_total"),
                window,
                cpu,
                RegistryRequestCounts.Count(environment.Front.Requests, since),
                ScaleRun.Delta(before, after, "rest_client_requests_total", "method"),
                ScaleRun.Delta(before, after, "controller_runtime_reconcile_total", "result"),
                (after.Sum("controller_runtime_reconcile_time_seconds_sum") - before.Sum("controller_runtime_reconcile_time_seconds_sum"))
                    / Math.Max(1, after.Sum("controller_runtime_reconcile_time_seconds_count") - before.Sum("controller_runtime_reconcile_time_seconds_count")),
                controller.PeakRssBytes,
                controller.RssBytes);
            var report = Report(options, setup, steady, warmIntervals);
            Console.WriteLine(report);
            await ResultsFile.WriteAsync(arguments.ResultsDirectory, options.ResultsName("steady"), report, ct);
        }

        return 0;
    }

    private static string Report(ScaleOptions options, ScaleMeasurement setup, SteadyMeasurement s, int warmIntervals)
    {
        var heads = s.RegistryRequests.GetValueOrDefault("HEAD manifest");
        var others = s.RegistryRequests.Where(r => r.Key != "HEAD manifest").Sum(r => r.Value);
        var blobs = s.RegistryRequests.Where(r => r.Key.EndsWith(" blob", StringComparison.Ordinal)).Sum(r => r.Value);
        var cpuMs = s.CpuSeconds * 1000 / s.Reconciles;
        var text = new StringBuilder();
        ScaleBenchmark.AppendHeader(text, $"steady: one interval of no-op reconciles of {setup.Objects} OCIRepositories (tag refs, artifact unchanged)", options);
        text.Table("measure (the window)", "value");
        text.Row($"objects' `spec.interval` / warm-up before the window / window (until {setup.Objects} more reconciles)", $"{options.Interval} / {warmIntervals} interval(s) / {ScaleRun.Seconds(s.Window)}");
        text.Row("reconciles in the window, by result", $"{s.Reconciles:F0}: {ScaleRun.Counts(s.ReconcileResults)}");
        text.Row("registry requests", $"{s.RegistryRequests.Values.Sum()} ({s.RegistryRequests.Values.Sum() / s.Reconciles:F2} per reconcile): {ScaleRun.Counts(s.RegistryRequests)}");
        text.Row("blob requests (so blob bytes)", $"{blobs}");
        text.Row("controller API requests", $"{s.ApiRequests.Values.Sum():F0} ({s.ApiRequests.Values.Sum() / s.Reconciles:F2} per reconcile): {ScaleRun.Counts(s.ApiRequests)}");
        text.Row("controller CPU in the window", $"{s.CpuSeconds:F2} s = **{cpuMs:F3} ms per reconcile**");
        text.Row("mean reconcile time (wall, from the controller's histogram)", $"{s.MeanReconcileSeconds * 1000:F2} ms");
        text.Row("controller peak RSS / RSS at the end", $"{ScaleRun.MiB(s.PeakRssBytes)} / {ScaleRun.MiB(s.RssBytes)}");
        text.Table("target P4", "measured", "verdict", "Flux");
        // A reconcile in flight at either end of the window may count its HEAD on one side and its completion on the other.
        text.Row("1 registry request (HEAD) per tag ref per interval", $"{heads / s.Reconciles:F2} HEAD + {others / s.Reconciles:F2} other per reconcile", Math.Abs(heads - s.Reconciles) <= s.Reconciles / 100 && others == 0 ? "met" : "**NOT met**", "HEAD of the tag (go-containerregistry `remote.Head`), then nothing when the revision is unchanged");
        text.Row("0 blob bytes", $"{blobs} blob requests", blobs == 0 ? "met" : "**NOT met**", "0");
        text.Row("≤ 0.5 ms CPU per reconcile", $"{cpuMs:F3} ms", ScaleBenchmark.Verdict(cpuMs, 0.5, "ms"), "no published figure");
        ScaleBenchmark.AppendRunDetails(text, options, setup, "Setup (scale run before the window):");
        return text.ToString();
    }
}
