using System.Globalization;
using System.Text;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// Targets P1–P3 (scenarios <c>scale-1k</c>, <c>scale-10k</c>): N OCIRepositories, spread over namespaces, all
/// pointing at one small artifact (a 3.8 KB Kustomize-like bundle, as Flux's benchmark) in the loopback registry,
/// created at once against the running controller; the time until all are Ready=True, reconciles per second, the
/// controller's peak RSS, the API and registry requests made.
/// </summary>
internal static class ScaleBenchmark
{
    public const string Repository = "bench/app";

    public static async Task<int> RunAsync(string scenario, BenchmarkArguments arguments, string[] args)
    {
        var ct = CancellationToken.None;
        var options = ScaleOptions.Parse(args, scenario == "scale-10k" ? 10_000 : 1_000, "10m");
        await using var environment = await BenchEnvironment.StartAsync("bench-scale", ct);
        await PushSmallArtifactAsync(environment, ct);
        var (controller, measurement) = await ScaleRun.RunAsync(environment, options, Path.Combine(environment.WorkDirectory, "store"), _ => Repository, ct);
        await using (controller)
        {
            var report = Report(scenario, options, measurement);
            Console.WriteLine(report);
            await ResultsFile.WriteAsync(arguments.ResultsDirectory, options.ResultsName(scenario), report, ct);
        }

        return 0;
    }

    /// <summary>Pushes the small artifact all objects share: a Kustomize bundle of about 3.8 KB, as in Flux's benchmark.</summary>
    public static Task PushSmallArtifactAsync(BenchEnvironment environment, CancellationToken cancellationToken)
    {
        var manifest = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - configmap.yaml\n");
        var configMap = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench\ndata:\n");
        for (var i = 0; configMap.Length < 3800; i++)
        {
            configMap.Append(CultureInfo.InvariantCulture, $"  key-{i:D3}: value {i} of the benchmark's configuration map\n");
        }

        return environment.PushAsync(
            Repository,
            "latest",
            new Dictionary<string, byte[]>
            {
                ["kustomization.yaml"] = Encoding.UTF8.GetBytes(manifest.ToString()),
                ["configmap.yaml"] = Encoding.UTF8.GetBytes(configMap.ToString()),
            },
            "scale",
            cancellationToken);
    }

    /// <summary>The table common to every controller scenario's report: how the scale run went and what it cost.</summary>
    /// <param name="caption">A line before the table, e.g. "Setup:"; none when null.</param>
    public static void AppendRunDetails(StringBuilder text, ScaleOptions options, ScaleMeasurement m, string? caption = null)
    {
        if (caption is not null)
        {
            text.AppendLine().AppendLine(caption);
        }

        text.Table("measure", "value");
        text.Row("objects / namespaces", $"{m.Objects} / {m.Namespaces}");
        text.Row($"creation ({options.CreateConcurrency} creates in flight)", $"{ScaleRun.Seconds(m.Creation)} ({m.Objects / m.Creation.TotalSeconds:F0} objects/s)");
        text.Row("first create → all Ready=True (the API server's time of each final status write, rounded up to the second)", $"**{ScaleRun.Seconds(m.AllReady)}**");
        text.Row("first create → the benchmark's watch saw all Ready=True", ScaleRun.Seconds(m.SeenAllReady));
        text.Row("last create → all Ready=True", ScaleRun.Seconds(m.ReadyAfterCreation));
        text.Row("50 % / 90 % / 99 % Ready at", string.Join(" / ", m.ReadyPercentiles.Select(ScaleRun.Seconds)));
        text.Row("reconciles / per second", $"{m.Reconciles:F0} / {m.ReconcilesPerSecond:F1}");
        text.Row("controller RSS idle (leading, no objects) / peak (VmHWM) / at the end", $"{ScaleRun.MiB(m.IdleRssBytes)} / **{ScaleRun.MiB(m.PeakRssBytes)}** / {ScaleRun.MiB(m.RssBytes)}");
        text.Row("controller CPU", $"{m.ControllerCpuSeconds:F1} s ({m.ControllerCpuSeconds * 1000 / Math.Max(1, m.Reconciles):F2} ms per reconcile)");
        text.Row("other processes' CPU", string.Join(", ", m.CpuSecondsByProcess.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F1} s"))));
        text.Row("controller API requests", $"{m.ControllerApiRequestTotal:F0} ({m.ControllerApiRequestTotal / m.Objects:F2} per object): {ScaleRun.Counts(m.ControllerApiRequests)}");
        text.Row("time requests waited for the client rate limit (sum)", $"{m.RateLimiterWaitSeconds:F1} s");
        text.Row("API server requests (all clients, incl. the benchmark's creates and watch)", $"{m.ApiServerRequests.Values.Sum():F0}: {ScaleRun.Counts(m.ApiServerRequests)}");
        text.Row("registry requests", $"{m.RegistryRequestTotal} ({(double)m.RegistryRequestTotal / m.Objects:F2} per object): {ScaleRun.Counts(m.RegistryRequests)}");
        text.Row("load average (1 min) at the start", m.LoadAverage);
    }

    /// <summary>The measurement heading: when, where, how.</summary>
    public static void AppendHeader(StringBuilder text, string title, ScaleOptions options)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, by `bash eng/bench.sh {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}`: the Release `oci-source-controller` as a child process with leader election, against etcd + apiextensions-apiserver and the CNCF registry on the same machine; {options.Describe()}.");
        text.AppendLine();
    }

    private static string Report(string scenario, ScaleOptions options, ScaleMeasurement m)
    {
        var text = new StringBuilder();
        AppendHeader(text, $"{scenario}: {m.Objects} OCIRepositories created at once → all Ready", options);
        AppendRunDetails(text, options, m);
        text.Table("target", "measured", "verdict", "Flux (published)");
        if (m.Objects <= 1000)
        {
            text.Row($"P1: {m.Objects} objects → all Ready ≤ 10 s", ScaleRun.Seconds(m.AllReady), Verdict(m.AllReady.TotalSeconds, 10, "s"), "2.8: 85 s (1000 objects, 16-core runner, source-controller limited to 1 CPU, --concurrent=10); 2.9: 4 m 17 s");
            text.Row("P2: peak RSS ≤ 64 MiB", ScaleRun.MiB(m.PeakRssBytes), Verdict(m.PeakRssBytes / 1048576.0, 64, "MiB"), "2.8: 67 MiB; 2.9: 128 MiB");
        }
        else
        {
            text.Row($"P3: {m.Objects} objects → all Ready ≤ 90 s", ScaleRun.Seconds(m.AllReady), Verdict(m.AllReady.TotalSeconds, 90, "s"), "no published figure (1000 objects: 85 s)");
            text.Row("P3: peak RSS ≤ 192 MiB", ScaleRun.MiB(m.PeakRssBytes), Verdict(m.PeakRssBytes / 1048576.0, 192, "MiB"), "no published figure (1000 objects: 67 MiB)");
        }

        return text.ToString();
    }

    /// <summary>"met", or "NOT met by X unit (Y %)" for a measure that must not exceed <paramref name="limit"/>.</summary>
    public static string Verdict(double measured, double limit, string unit) =>
        measured <= limit
            ? "met"
            : string.Create(CultureInfo.InvariantCulture, $"**NOT met**: {measured - limit:F1} {unit} over ({(measured / limit - 1) * 100:F0} %)");
}
