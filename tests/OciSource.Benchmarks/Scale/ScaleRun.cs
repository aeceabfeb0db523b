using System.Diagnostics;
using System.Globalization;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// The core of the controller scenarios: the controller is started and leads, then N OCIRepositories are created at
/// once (bounded parallel creates), and the run lasts until the benchmark's watch has seen the last one Ready=True.
/// The times to Ready are the API server's: when it stored each object's final status (<see cref="StatusWriteTimes"/>). The controller keeps running
/// afterwards (for the steady-state window); the caller disposes it.
/// </summary>
internal static class ScaleRun
{
    private static readonly double[] Percentiles = [0.5, 0.9, 0.99];

    /// <param name="repositoryOf">The repository (at the front, tag <c>latest</c>) of object number i.</param>
    public static async Task<(ControllerProcess Controller, ScaleMeasurement Measurement)> RunAsync(
        BenchEnvironment environment, ScaleOptions options, string store, Func<int, string> repositoryOf, CancellationToken cancellationToken)
    {
        var load = (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ')[0];
        Directory.CreateDirectory(store);
        var controller = ControllerProcess.Start("controller", environment, store, options);
        try
        {
            await controller.WaitForLeadershipAsync(cancellationToken);
            await controller.WaitForWorkersAsync(cancellationToken);

            var idleRss = controller.RssBytes;
            var apiBefore = await environment.ScrapeApiServerAsync(cancellationToken);
            var controllerBefore = await controller.ScrapeAsync(cancellationToken);
            var cpuBefore = environment.CpuSeconds();
            var controllerCpuBefore = controller.CpuSeconds;
            var since = DateTimeOffset.UtcNow;
            await using var watch = await ReadinessWatch.StartAsync(environment.Client, cancellationToken);

            Console.WriteLine($"Creating {options.Objects} OCIRepositories in {options.Namespaces} namespaces ({options.CreateConcurrency} creates in flight)...");
            var startedTicks = Stopwatch.GetTimestamp();
            var started = DateTimeOffset.UtcNow;
            var creation = await environment.CreateObjectsAsync(
                options.Objects, options.Namespaces, options.CreateConcurrency, options.Interval, repositoryOf, cancellationToken);
            var created = started + creation;
            Console.WriteLine($"  created in {creation.TotalSeconds:F1} s; waiting for Ready...");
            await watch.WaitForAsync(options.Objects, TimeSpan.FromMinutes(40), controller, cancellationToken);
            var seenAllReady = Stopwatch.GetElapsedTime(startedTicks, watch.LastReadyAt);

            var controllerAfter = await controller.ScrapeAsync(cancellationToken);
            var apiAfter = await environment.ScrapeApiServerAsync(cancellationToken);
            var cpuAfter = environment.CpuSeconds();
            var times = (await StatusWriteTimes.ListAsync(environment.Client, ControllerProcess.FieldManager, cancellationToken)).Order().ToList();
            var lastReady = times.Count == options.Objects
                ? times[^1]
                : throw new InvalidOperationException($"managedFields named a status write by {ControllerProcess.FieldManager} on {times.Count} of {options.Objects} objects");
            var measurement = new ScaleMeasurement(
                options.Objects,
                options.Namespaces,
                creation,
                Later(lastReady, started),
                seenAllReady,
                Later(lastReady, created),
                [.. Percentiles.Select(p => Later(times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)], started))],
                controllerAfter.Sum("controller_runtime_reconcile_total") - controllerBefore.Sum("controller_runtime_reconcile_total"),
                idleRss,
                controller.PeakRssBytes,
                controller.RssBytes,
                controller.CpuSeconds - controllerCpuBefore,
                cpuAfter.ToDictionary(p => p.Key, p => p.Value - cpuBefore[p.Key], StringComparer.Ordinal),
                Delta(controllerBefore, controllerAfter, "rest_client_requests_total", "method"),
                Delta(apiBefore, apiAfter, "apiserver_request_total", "verb"),
                controllerAfter.Sum("ocisource_rest_client_rate_limiter_wait_seconds_total") - controllerBefore.Sum("ocisource_rest_client_rate_limiter_wait_seconds_total"),
                RegistryRequestCounts.Count(environment.Front.Requests, since),
                load);
            return (controller, measurement);
        }
        catch
        {
            await controller.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="time"/> (a server time, whole seconds) after <paramref name="start"/>, rounded up to the next
    /// second boundary after the truncated server time (so it is never early); zero when before.
    /// </summary>
    private static TimeSpan Later(DateTimeOffset time, DateTimeOffset start)
    {
        var elapsed = time.AddSeconds(1) - start;
        return elapsed > TimeSpan.Zero ? elapsed : TimeSpan.Zero;
    }

    /// <summary>The increase of <paramref name="metric"/> between two scrapes, by the values of <paramref name="label"/>.</summary>
    public static Dictionary<string, double> Delta(PrometheusText before, PrometheusText after, string metric, string label) =>
        after.LabelValues(metric, label)
            .Order(StringComparer.Ordinal)
            .Select(v => (v, after.Sum(metric, $"{label}=\"{v}\"") - before.Sum(metric, $"{label}=\"{v}\"")))
            .Where(p => p.Item2 > 0)
            .ToDictionary(p => p.v, p => p.Item2, StringComparer.Ordinal);

    public static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MiB");

    public static string Seconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:F1} s");

    public static string Counts<T>(IReadOnlyDictionary<string, T> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:0.#}")));
}
