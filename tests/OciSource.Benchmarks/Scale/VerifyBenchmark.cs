using System.Text.Json;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Kube;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// Scenario <c>verify</c>: what <c>spec.verify</c> costs. For each <see cref="VerifyModes">mode</see> (the unverified
/// baseline, cosign keyed with a v3 bundle or a v2 <c>.sig</c>, notation JWS or COSE), <c>--objects K</c> (20)
/// OCIRepositories each on its own artifact, signed before the objects exist (not timed). After <c>--warm-up N</c> (3)
/// unmeasured objects per mode (so every verifier's code is compiled), the measured objects are created one at a time,
/// the modes taking turns (the order rotating each turn, so no mode always follows the same one), each timed from its create to the benchmark's watch seeing it Ready=True, with the
/// controller's <c>/proc</c> CPU over that window. Then <c>--noop-rounds R</c> (10) rounds of no-op reconciles: per mode,
/// <c>reconcile.fluxcd.io/requestedAt</c> set on its K objects and the window ends when the watch has seen every one's
/// <c>status.lastHandledReconcileAt</c> equal the token; the controller's CPU and the registry requests for the mode's
/// repositories in the window, per no-op.
/// </summary>
internal static class VerifyBenchmark
{
    private const string Namespace = "bench-verify";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string[] args)
    {
        var ct = CancellationToken.None;
        var options = ScaleOptions.Parse(args, 20, "1h");
        var warmUp = ScaleOptions.Int(args, "--warm-up") ?? 3;
        var rounds = ScaleOptions.Int(args, "--noop-rounds") ?? 20;
        var loadBefore = await LoadAverageAsync(ct);
        await using var environment = await BenchEnvironment.StartAsync("bench-verify", ct);
        var modes = await VerifyModes.CreateAsync(environment, Namespace, ct);
        Console.WriteLine($"Pushing and signing {modes.Count} × ({warmUp} + {options.Objects}) artifacts...");
        await PushAndSignAsync(environment, modes, warmUp, options.Objects, ct);

        var store = Directory.CreateDirectory(Path.Combine(environment.WorkDirectory, "store")).FullName;
        await using var controller = ControllerProcess.Start("controller", environment, store, options);
        await controller.WaitForLeadershipAsync(ct);
        await controller.WaitForWorkersAsync(ct);
        await using var watch = await ReadinessWatch.StartAsync(environment.Client, ct);

        Console.WriteLine($"Warm-up: {warmUp} objects per mode...");
        foreach (var mode in modes)
        {
            for (var i = 0; i < warmUp; i++)
            {
                await CreateAndWaitAsync(environment, controller, watch, mode, WarmUpName(mode, i), options.Interval, ct);
            }
        }

        Console.WriteLine($"Measuring {options.Objects} new objects per mode, one at a time, the modes taking turns...");
        var ready = modes.ToDictionary(m => m.Name, _ => new List<double>(), StringComparer.Ordinal);
        var createCpu = modes.ToDictionary(m => m.Name, _ => 0.0, StringComparer.Ordinal);
        var createSince = DateTimeOffset.UtcNow;
        for (var i = 0; i < options.Objects; i++)
        {
            foreach (var mode in Rotated(modes, i))
            {
                var cpu = controller.CpuSeconds;
                var started = Stopwatch.GetTimestamp();
                var readyAt = await CreateAndWaitAsync(environment, controller, watch, mode, MeasuredName(mode, i), options.Interval, ct);
                createCpu[mode.Name] += controller.CpuSeconds - cpu;
                ready[mode.Name].Add(Stopwatch.GetElapsedTime(started, readyAt).TotalMilliseconds);
            }
        }

        var createRequests = modes.ToDictionary(m => m.Name, m => RequestsOf(environment, m, createSince), StringComparer.Ordinal);
        var firstObjectRequests = modes.ToDictionary(m => m.Name, m => RequestLines(environment, MeasuredName(m, 0)), StringComparer.Ordinal);
        Console.WriteLine($"No-op reconciles: {rounds} rounds × {options.Objects} objects per mode...");
        var noOpCpu = modes.ToDictionary(m => m.Name, _ => new List<double>(), StringComparer.Ordinal);
        var noOpApi = modes.ToDictionary(m => m.Name, _ => new Dictionary<string, double>(StringComparer.Ordinal), StringComparer.Ordinal);
        var noOpRequests = modes.ToDictionary(m => m.Name, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in Rotated(modes, round))
            {
                var token = $"noop-{round}-{mode.Name}";
                var names = Enumerable.Range(0, options.Objects).Select(i => MeasuredName(mode, i)).ToList();
                var scrape = await controller.ScrapeAsync(ct);
                var since = DateTimeOffset.UtcNow;
                var cpu = controller.CpuSeconds;
                await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (name, c) => await RequestReconcileAsync(environment.Client, name, token, c));
                await Eventually.WaitAsync(
                    _ => Task.FromResult(names.All(n => watch.LastHandled(Key(n)) == token)), Timeout, $"the no-op reconciles '{token}'", controller.Tail, ct, TimeSpan.FromMilliseconds(2));
                noOpCpu[mode.Name].Add(controller.CpuSeconds - cpu);
                foreach (var (method, count) in ScaleRun.Delta(scrape, await controller.ScrapeAsync(ct), "rest_client_requests_total", "method"))
                {
                    noOpApi[mode.Name][method] = noOpApi[mode.Name].GetValueOrDefault(method) + count;
                }

                foreach (var (kind, count) in RequestsOf(environment, mode, since))
                {
                    noOpRequests[mode.Name][kind] = noOpRequests[mode.Name].GetValueOrDefault(kind) + count;
                }
            }
        }

        var results = modes.Select(m => new VerifyModeResult(
            m,
            ready[m.Name],
            createCpu[m.Name],
            createRequests[m.Name],
            firstObjectRequests[m.Name],
            Enumerable.Range(0, options.Objects).Count(i => watch.IsVerified(Key(MeasuredName(m, i)))),
            rounds * options.Objects,
            noOpCpu[m.Name],
            noOpRequests[m.Name],
            noOpApi[m.Name])).ToList();
        var report = VerifyReport.Render(options, warmUp, rounds, results, loadBefore, await LoadAverageAsync(ct));
        Console.WriteLine(report);
        await ResultsFile.WriteAsync(arguments.ResultsDirectory, options.ResultsName("verify"), report, ct);
        return 0;
    }

    /// <summary>Pushes every object's artifact (a small distinct file) and signs it at the registry; the first of each mode alone (cosign writes its signing config then).</summary>
    private static async Task PushAndSignAsync(BenchEnvironment environment, IReadOnlyList<VerifyMode> modes, int warmUp, int objects, CancellationToken cancellationToken)
    {
        var all = modes.SelectMany(m => Enumerable.Range(0, warmUp).Select(i => (Mode: m, Name: WarmUpName(m, i)))
            .Concat(Enumerable.Range(0, objects).Select(i => (Mode: m, Name: MeasuredName(m, i))))).ToList();
        async ValueTask PushAndSign((VerifyMode Mode, string Name) o, CancellationToken c)
        {
            var files = new Dictionary<string, byte[]> { ["configmap.yaml"] = Encoding.UTF8.GetBytes($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {o.Name}\n") };
            var (digest, _) = await environment.PushAsync(Repository(o.Name), "latest", files, o.Name, c);
            await o.Mode.SignAsync($"{environment.Registry.Host}/{Repository(o.Name)}@{digest}", c);
        }

        var first = all.GroupBy(o => o.Mode.Name).Select(g => g.First()).ToList();
        foreach (var o in first)
        {
            await PushAndSign(o, cancellationToken);
        }

        await Parallel.ForEachAsync(all.Except(first), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, PushAndSign);
    }

    /// <summary>Creates one object of <paramref name="mode"/> and waits until the watch sees it Ready=True; returns when it did (a <see cref="Stopwatch"/> timestamp).</summary>
    private static async Task<long> CreateAndWaitAsync(
        BenchEnvironment environment, ControllerProcess controller, ReadinessWatch watch, VerifyMode mode, string name, string interval, CancellationToken cancellationToken)
    {
        var obj = new OCIRepository
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new OCIRepositorySpec
            {
                Url = $"oci://{environment.Front.Host}/{Repository(name)}",
                Interval = interval,
                Insecure = true,
                Reference = new OCIRepositoryRef { Tag = "latest" },
                Verify = mode.Verify,
            },
        };
        await environment.Client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, cancellationToken: cancellationToken);
        long readyAt = 0;
        await Eventually.WaitAsync(
            _ => Task.FromResult(watch.TryGetReadyAt(Key(name), out readyAt)), Timeout, $"{name} Ready=True", controller.Tail, cancellationToken, TimeSpan.FromMilliseconds(2));
        return readyAt;
    }

    /// <summary>Registry requests at the front since <paramref name="since"/> for the measured objects' repositories of <paramref name="mode"/>.</summary>
    private static Dictionary<string, int> RequestsOf(BenchEnvironment environment, VerifyMode mode, DateTimeOffset since)
    {
        var prefix = $"/v2/{Repository(MeasuredName(mode, 0))[..^3]}";
        return RegistryRequestCounts.Count(environment.Front.Requests.Where(r => r.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal)), since);
    }

    /// <summary>The requests so far for the repository of object <paramref name="name"/>, in order: method and path below the repository, digests shortened.</summary>
    private static List<string> RequestLines(BenchEnvironment environment, string name)
    {
        var prefix = $"/v2/{Repository(name)}/";
        return [.. environment.Front.Requests
            .Where(r => r.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(r => r.Time)
            .Select(r => $"{r.Method} {Shorten(r.PathAndQuery[prefix.Length..])}")];
    }

    /// <summary><paramref name="path"/> with each 64-hex digest cut to its first 8 characters.</summary>
    private static string Shorten(string path) => System.Text.RegularExpressions.Regex.Replace(path, "([0-9a-f]{8})[0-9a-f]{56}", "$1…");

    private static Task<object> RequestReconcileAsync(Kubernetes client, string name, string token, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(JsonSerializer.Serialize(new { metadata = new { annotations = new Dictionary<string, string> { [SourceApi.ReconcileRequestAnnotation] = token } } }, TestJson.Options), V1Patch.PatchType.MergePatch),
            SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, name, cancellationToken: cancellationToken);

    /// <summary><paramref name="modes"/> starting at number <paramref name="turn"/> modulo their count.</summary>
    private static IEnumerable<VerifyMode> Rotated(IReadOnlyList<VerifyMode> modes, int turn) =>
        modes.Skip(turn % modes.Count).Concat(modes.Take(turn % modes.Count));

    private static async Task<string> LoadAverageAsync(CancellationToken cancellationToken) =>
        string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ')[..3]);

    private static string WarmUpName(VerifyMode mode, int index) => string.Create(CultureInfo.InvariantCulture, $"{mode.Name}-w{index:D2}");

    private static string MeasuredName(VerifyMode mode, int index) => string.Create(CultureInfo.InvariantCulture, $"{mode.Name}-m{index:D3}");

    private static string Repository(string name) => $"bench/verify/{name}";

    private static string Key(string name) => $"{Namespace}/{name}";
}
