using System.Diagnostics;
using OciSource.Testing.Processes;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// The real <c>oci-source-controller</c> (<see cref="ScaleOptions.ControllerPath"/>) as a child process with leader
/// election, its endpoints on free loopback ports, and the benchmark's flags followed by the user's
/// (<see cref="ScaleOptions.ControllerFlags"/>, which win).
/// </summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    public const string RuntimeNamespace = "flux-system";

    /// <summary>The controller's field manager (Flux's controller name), as recorded in managedFields.</summary>
    public const string FieldManager = "source-controller";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ManagedProcess _process;

    private ControllerProcess(ManagedProcess process, long startedAt, Uri metrics, Uri storage)
    {
        _process = process;
        StartedAt = startedAt;
        MetricsAddress = metrics;
        StorageAddress = storage;
    }

    public int Id => _process.Id;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedAt { get; }

    public Uri MetricsAddress { get; }

    /// <summary>The artifact server, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri StorageAddress { get; }

    public static ControllerProcess Start(string name, BenchEnvironment environment, string store, ScaleOptions options)
    {
        var storagePort = FreePort.Next();
        var metricsPort = FreePort.Next();
        string[] flags =
        [
            "--enable-leader-election", "--log-encoding=json", "--log-level=info", $"--storage-path={store}",
            $"--storage-addr=127.0.0.1:{storagePort}", $"--health-addr=127.0.0.1:{FreePort.Next()}", $"--metrics-addr=127.0.0.1:{metricsPort}",
            .. options.ControllerFlags,
        ];
        var variables = new Dictionary<string, string>(options.ControllerEnvironment, StringComparer.Ordinal)
        {
            ["KUBECONFIG"] = environment.Kube.KubeconfigPath,
            ["RUNTIME_NAMESPACE"] = RuntimeNamespace,
        };
        var startedAt = Stopwatch.GetTimestamp();
        var process = ManagedProcess.Start(name, options.ControllerPath, flags, environment.WorkDirectory, variables);
        return new ControllerProcess(process, startedAt, new Uri($"http://127.0.0.1:{metricsPort}/metrics"), new Uri($"http://127.0.0.1:{storagePort}/"));
    }

    public double CpuSeconds => ProcessStats.CpuSeconds(Id);

    public long PeakRssBytes => ProcessStats.PeakRssBytes(Id);

    public long RssBytes => ProcessStats.RssBytes(Id);

    public async Task<PrometheusText> ScrapeAsync(CancellationToken cancellationToken) =>
        new(await Http.GetStringAsync(MetricsAddress, cancellationToken));

    /// <summary>Completed reconciles (every result) so far.</summary>
    public async Task<double> ReconcilesAsync(CancellationToken cancellationToken) =>
        (await ScrapeAsync(cancellationToken)).Sum("controller_runtime_reconcile_total");

    /// <summary>Waits until this replica holds the Lease (its <c>leader_election_master_status</c> is 1).</summary>
    public async Task WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        await Eventually.WaitAsync(
            async ct =>
            {
                try
                {
                    return (await ScrapeAsync(ct)).Sum("leader_election_master_status") == 1;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "the controller to lead",
            () => _process.Tail(),
            cancellationToken);
    }

    /// <summary>Waits until the controller's workers run (its informer has listed OCIRepositories).</summary>
    public Task WaitForWorkersAsync(CancellationToken cancellationToken) =>
        Eventually.WaitAsync(
            async ct => (await ScrapeAsync(ct)).Sum("controller_runtime_max_concurrent_reconciles") > 0,
            TimeSpan.FromSeconds(60), "the workers to start", Tail, cancellationToken);

    /// <summary>The last lines of the controller's log.</summary>
    public string Tail() => _process.Tail();

    /// <summary>Whether the controller process has ended (crashed, or stopped).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Stops the controller as Kubernetes does (SIGTERM: it releases the Lease) and waits for it to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await Eventually.WaitAsync(_ => Task.FromResult(_process.HasExited), TimeSpan.FromSeconds(30), "the controller to stop", Tail, cancellationToken);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
