using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Controller;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Hosting;

/// <summary>The runtime composed into a generic host, as the controller executable will do.</summary>
[Collection(KubeApiCollection.Name)]
public sealed class RuntimeHostTests(KubeApiFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Host_AfterReconciles_ServesHealthAndControllerRuntimeMetricsAndLogsJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("host", ct);
        var reconciler = new RecordingReconciler();
        var log = new StringWriter();
        using var host = Build(ns, reconciler, new RuntimeOptions { HealthAddr = "127.0.0.1:0", MetricsAddr = "127.0.0.1:0" }, log);
        await host.StartAsync(ct);
        using var client = fixture.CreateClient();

        await Objects.CreateAsync(client, TestOciRepository.New(ns, "app"), ct);
        await Objects.EventuallyAsync(() => reconciler.CallsFor("app") == 1, "the object was reconciled", ct);

        var endpoints = host.Services.GetRequiredService<EndpointsHostedService>();
        // The reconciler returned; the worker then counts the result and marks the item done (the last update below).
        await EventuallyAsync(
            async () => (await Http.GetStringAsync(new Uri(endpoints.MetricsAddress!, "/metrics"), ct)).Contains("workqueue_work_duration_seconds_count{name=\"ocirepository\"} 1", StringComparison.Ordinal),
            ct);
        Assert.Equal("ok", await Http.GetStringAsync(new Uri(endpoints.HealthAddress!, "/healthz"), ct));
        Assert.Equal("ok", await Http.GetStringAsync(new Uri(endpoints.HealthAddress!, "/readyz"), ct));
        var metrics = await Http.GetStringAsync(new Uri(endpoints.MetricsAddress!, "/metrics"), ct);
        string[] expected =
        [
            "controller_runtime_reconcile_total{controller=\"ocirepository\",result=\"success\"} 1",
            "controller_runtime_reconcile_time_seconds_count{controller=\"ocirepository\"} 1",
            "controller_runtime_max_concurrent_reconciles{controller=\"ocirepository\"} 2",
            "controller_runtime_active_workers{controller=\"ocirepository\"} 0",
            "workqueue_adds_total{name=\"ocirepository\"} 1",
            "workqueue_depth{name=\"ocirepository\"} 0",
            "workqueue_queue_duration_seconds_count{name=\"ocirepository\"} 1",
            "workqueue_work_duration_seconds_count{name=\"ocirepository\"} 1",
            "# TYPE controller_runtime_reconcile_errors_total counter",
            "# TYPE controller_runtime_reconcile_panics_total counter",
            "# TYPE workqueue_retries_total counter",
        ];
        Assert.All(expected, line => Assert.Contains(line, metrics, StringComparison.Ordinal));

        await host.StopAsync(ct);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.NotNull(JsonNode.Parse(line)?["@t"]));
        Assert.Contains(lines, line => JsonNode.Parse(line)?["@m"]?.GetValue<string>().StartsWith("Starting workers", StringComparison.Ordinal) == true);
        Assert.Equal(0, host.Services.GetRequiredService<RuntimeState>().ExitCode);
    }

    [Fact]
    public async Task Host_LeadershipLost_StopsTheApplicationWithTheLeadershipLostExitCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("host", ct);
        var flags = FlagParser.Parse(
            ["--enable-leader-election", "--leader-election-lease-duration=2s", "--leader-election-renew-deadline=1500ms", "--leader-election-retry-period=250ms",
             "--health-addr=127.0.0.1:0", "--metrics-addr=127.0.0.1:0"],
            RuntimeOptions.BooleanFlags);
        var options = RuntimeOptions.FromFlags(flags, name => name == "RUNTIME_NAMESPACE" ? ns : null);
        // The elector's clock moves only when the test moves it: no renewal can miss its deadline on a slow machine, nor
        // race the intruder's write below into a conflict.
        var clock = new SteppedClock();
        using var host = Build(ns, new RecordingReconciler(), options, new StringWriter(), clock);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.StartAsync(ct);
        using var admin = fixture.CreateClient();
        var metricsUri = new Uri(host.Services.GetRequiredService<EndpointsHostedService>().MetricsAddress!, "/metrics");
        await EventuallyAsync(
            async () => (await Http.GetStringAsync(metricsUri, ct)).Contains("leader_election_master_status{name=\"source-controller-leader-election\"} 1", StringComparison.Ordinal),
            ct);

        var lease = await admin.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaderElectionId, ns, cancellationToken: ct);
        lease.Spec.HolderIdentity = "intruder";
        lease.Spec.LeaseDurationSeconds = 3600;
        await admin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaderElectionId, ns, cancellationToken: ct);

        await clock.AdvanceUntilAsync(() => stopping.Task.IsCompleted, "the host stopped", TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1), ct);
        var state = host.Services.GetRequiredService<RuntimeState>();
        Assert.True(state.LeadershipLost);
        Assert.Equal(ExitCodes.LeadershipLost, state.ExitCode);
        await host.StopAsync(ct);
    }

    private IHost Build(string ns, RecordingReconciler reconciler, RuntimeOptions options, StringWriter log, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddSingleton<IKubernetes>(_ => fixture.CreateClient());
        builder.Services.AddControllerRuntime(options with { Concurrent = 2 }, RuntimeLogging.CreateProvider(options, log));
        builder.Services.AddSingleton<IRunnable>(sp =>
        {
            var client = sp.GetRequiredService<IKubernetes>();
            var time = sp.GetRequiredService<TimeProvider>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("controller");
            var informer = new Informer<TestOciRepository>(client, TestOciRepository.Resource, TestOciRepository.Json, new InformerOptions { Namespace = ns }, time, logger);
            return new Controller<TestOciRepository>(
                informer, reconciler, new ControllerOptions { Name = "ocirepository", Concurrency = options.Concurrent }, sp.GetRequiredService<RuntimeMetrics>(), time, logger);
        });
        return builder.Build();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !await condition())
        {
            await Task.Delay(20, ct);
        }

        Assert.True(await condition());
    }
}
