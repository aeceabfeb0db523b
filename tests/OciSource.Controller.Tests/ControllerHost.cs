using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Hosting;
using OciSource.Controller.Reconciliation;
using OciSource.Runtime.Hosting;
using OciSource.Storage;
using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary>
/// The controller composed as <c>Program</c> composes it, in-process, watching one test namespace of the real API
/// server, with a private store directory and its artifact server on a free loopback port.
/// </summary>
internal sealed class ControllerHost : IAsyncDisposable
{
    private const int StartAttempts = 5;

    /// <summary>What <c>ArtifactServer</c> logs once it listens.</summary>
    private const string ListeningLine = "Artifact server listening on";

    /// <summary>What the runtime logs when a runnable (the artifact server among them) failed and it stops the host.</summary>
    private const string RunnableFailedLine = "failed; stopping";

    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(90);
    private readonly IHost _host;
    private readonly CapturedLog _log;

    private ControllerHost(IHost host, Kubernetes client, string ns, string storeRoot, Uri artifactBase, CapturedLog log)
    {
        _host = host;
        _log = log;
        Client = client;
        Namespace = ns;
        StoreRoot = storeRoot;
        ArtifactBase = artifactBase;
    }

    public Kubernetes Client { get; }

    public string Namespace { get; }

    public string StoreRoot { get; }

    public Uri ArtifactBase { get; }

    /// <summary>Where the controller serves <c>/metrics</c>.</summary>
    public Uri MetricsAddress => _host.Services.GetRequiredService<EndpointsHostedService>().MetricsAddress!;

    public static Task<ControllerHost> StartAsync(KubeApiFixture kube, CancellationToken cancellationToken, params string[] extraFlags) =>
        StartAsync(kube, null, cancellationToken, extraFlags);

    /// <summary>Starts a controller whose clock is <paramref name="time"/> (e.g. a fake clock the test moves; null: the system clock).</summary>
    public static Task<ControllerHost> StartAsync(KubeApiFixture kube, TimeProvider? time, CancellationToken cancellationToken, params string[] extraFlags) =>
        StartAsync(kube, time, FreePort.Next, cancellationToken, extraFlags);

    /// <summary>
    /// Starts a controller whose artifact server listens on a port <paramref name="nextPort"/> chooses, and returns
    /// once it listens (its log says so). A port taken before the server bound it (the controller then stops) is
    /// replaced by the next one, up to <see cref="StartAttempts"/> times.
    /// </summary>
    /// <exception cref="Xunit.Sdk.XunitException">The controller stopped for another reason, or every port was taken; the message holds its log.</exception>
    public static Task<ControllerHost> StartAsync(
        KubeApiFixture kube, TimeProvider? time, Func<int> nextPort, CancellationToken cancellationToken, params string[] extraFlags) =>
        StartAsync(kube, time, nextPort, null, cancellationToken, extraFlags);

    /// <summary>
    /// Starts a controller as <see cref="StartAsync(KubeApiFixture, TimeProvider?, Func{int}, CancellationToken, string[])"/>,
    /// after <paramref name="services"/> registered what the host composes before the controller (e.g. cloud providers
    /// whose endpoints are loopback simulators, given through their documented settings).
    /// </summary>
    public static async Task<ControllerHost> StartAsync(
        KubeApiFixture kube, TimeProvider? time, Func<int> nextPort, Action<IServiceCollection>? services, CancellationToken cancellationToken, params string[] extraFlags)
    {
        var ns = await kube.CreateNamespaceAsync("ctrl", cancellationToken);
        var storeRoot = TestEnvironment.CreateWorkDirectory("store");
        for (var attempt = 1; ; attempt++)
        {
            var port = nextPort();
            var log = new CapturedLog();
            var host = await StartHostAsync(kube, time, ns, storeRoot, port, log, extraFlags, services, cancellationToken);
            var listening = log.WaitForLineAsync(ListeningLine, cancellationToken);
            var failed = log.WaitForLineAsync(RunnableFailedLine, cancellationToken);
            await Task.WhenAny(listening, failed);
            cancellationToken.ThrowIfCancellationRequested();
            if (listening.IsCompletedSuccessfully)
            {
                return new ControllerHost(host, kube.CreateClient(), ns, storeRoot, new Uri($"http://127.0.0.1:{port}/"), log);
            }

            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            if (attempt == StartAttempts || !log.Tail().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new Xunit.Sdk.XunitException($"the controller stopped after starting (attempt {attempt}, artifact port {port})\n{log.Tail()}");
            }
        }
    }

    private static async Task<IHost> StartHostAsync(
        KubeApiFixture kube, TimeProvider? time, string ns, string storeRoot, int port, CapturedLog log, string[] extraFlags, Action<IServiceCollection>? services, CancellationToken cancellationToken)
    {
        var flags = FlagParser.Parse(
            [
                "--watch-all-namespaces=false", "--health-addr=127.0.0.1:0", "--metrics-addr=127.0.0.1:0", "--log-encoding=console", "--log-level=info",
                "--min-retry-delay=200ms", "--max-retry-delay=2s", $"--storage-path={storeRoot}", $"--storage-addr=127.0.0.1:{port}", .. extraFlags,
            ],
            RuntimeOptions.BooleanFlags);
        var runtime = RuntimeOptions.FromFlags(flags, name => name == "RUNTIME_NAMESPACE" ? ns : null);
        var storage = StorageFlags.FromFlags(flags, _ => null);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(kube.CreateClient());
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddControllerRuntime(runtime, RuntimeLogging.CreateProvider(runtime, log));
        services?.Invoke(builder.Services);
        builder.Services.AddOciRepositoryController(runtime, storage, ReconcilerOptions.FromFlags(flags, runtime));
        var host = builder.Build();
        await host.Services.GetRequiredService<ArtifactStore>().InitializeAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        return host;
    }

    public async Task<OCIRepository> ApplyAsync(string name, OCIRepositorySpec spec, CancellationToken cancellationToken)
    {
        var obj = new OCIRepository { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace }, Spec = spec };
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<OCIRepository>(
            obj, SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, cancellationToken: cancellationToken);
    }

    public async Task<OCIRepository> GetAsync(string name, CancellationToken cancellationToken) =>
        await Client.CustomObjects.GetNamespacedCustomObjectAsync<OCIRepository>(SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, name, cancellationToken);

    /// <summary>Polls the object until <paramref name="done"/> holds (up to 90 s); the failure message shows its last status.</summary>
    public async Task<OCIRepository> WaitAsync(string name, Func<OCIRepository, bool> done, string what, CancellationToken cancellationToken)
    {
        OCIRepository? last = null;
        var deadline = DateTime.UtcNow + PollLimit;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(name, cancellationToken);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"{what} did not happen; last status:\n{JsonSerializer.Serialize(last?.Status)}\n{_log.Tail()}");
    }

    /// <summary>
    /// The count of <c>gotk_reconcile_duration_seconds</c> for <paramref name="name"/>: reconciles of that object the
    /// controller finished (observed at the end of each, whatever its outcome, suspended included).
    /// </summary>
    public async Task<long> ReconcilesAsync(string name, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(MetricsAddress, "/metrics"), cancellationToken);
        var prefix = $"gotk_reconcile_duration_seconds_count{{kind=\"{SourceApi.Kind}\",name=\"{name}\",namespace=\"{Namespace}\"}} ";
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the controller has finished more than <paramref name="before"/> reconciles of <paramref name="name"/> (up to 90 s).</summary>
    public async Task<long> WaitReconciledAsync(string name, long before, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + PollLimit;
        long now;
        while ((now = await ReconcilesAsync(name, cancellationToken)) <= before)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"no reconcile of {name} finished after the {before} before\n{_log.Tail()}");
            }

            await Task.Delay(50, cancellationToken);
        }

        return now;
    }

    /// <summary>Waits until no reconcile is running and nothing is queued (<c>controller_runtime_active_workers</c> and <c>workqueue_depth</c> are 0).</summary>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + PollLimit;
        while (true)
        {
            var metrics = await http.GetStringAsync(new Uri(MetricsAddress, "/metrics"), cancellationToken);
            if (metrics.Contains("controller_runtime_active_workers{controller=\"ocirepository\"} 0\n", StringComparison.Ordinal)
                && metrics.Contains("workqueue_depth{name=\"ocirepository\"} 0\n", StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the controller did not become idle\n{_log.Tail()}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The text <c>/metrics</c> serves now.</summary>
    public async Task<string> ScrapeMetricsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(MetricsAddress, "/metrics"), cancellationToken);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, name, cancellationToken: cancellationToken);

    /// <summary>Waits until the object is gone from the API server (the controller removed its finalizer), up to 90 s.</summary>
    public async Task WaitGoneAsync(string name, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + PollLimit;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await GetAsync(name, cancellationToken);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"{name} was not deleted\n{_log.Tail()}");
    }

    public static V1Condition? Condition(OCIRepository obj, string type) => obj.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsReady(OCIRepository obj) =>
        Condition(obj, ConditionTypes.Ready)?.Status == "True" && obj.Status?.ObservedGeneration == obj.Metadata.Generation;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        Client.Dispose();
        TestEnvironment.DeleteWorkDirectory(StoreRoot);
    }
}
