using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Hosting;

/// <summary>
/// Issue 13 point 14: an <see cref="ILeaderInitializer"/> (the store's leftover cleanup) runs only once this replica
/// has won the election, and before any runnable starts; a follower never runs it.
/// </summary>
[Collection(KubeApiCollection.Name)]
public sealed class LeaderInitializerTests(KubeApiFixture fixture)
{
    [Fact]
    public async Task Initializer_RunsOnlyAfterWinningTheLease_AndBeforeTheRunnables()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("init", ct);
        using var admin = fixture.CreateClient();
        var now = DateTime.UtcNow;
        await admin.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta { Name = RuntimeOptions.DefaultLeaderElectionId, NamespaceProperty = ns },
                Spec = new V1LeaseSpec { HolderIdentity = "other-replica", LeaseDurationSeconds = 3600, AcquireTime = now, RenewTime = now },
            },
            ns,
            cancellationToken: ct);
        var flags = FlagParser.Parse(
            ["--enable-leader-election", "--leader-election-lease-duration=6s", "--leader-election-renew-deadline=4s", "--leader-election-retry-period=200ms",
             "--health-addr=127.0.0.1:0", "--metrics-addr=127.0.0.1:0"],
            RuntimeOptions.BooleanFlags);
        var options = RuntimeOptions.FromFlags(flags, name => name == "RUNTIME_NAMESPACE" ? ns : null);
        var leaseReads = new LeaseReadCounter();
        var order = new ConcurrentQueue<string>();
        var runnableStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(fixture.Configuration, leaseReads));
        builder.Services.AddControllerRuntime(options, RuntimeLogging.CreateProvider(options, new StringWriter()));
        builder.Services.AddSingleton<ILeaderInitializer>(new RecordingInitializer(order));
        builder.Services.AddSingleton<IRunnable>(new RecordingRunnable(order, runnableStarted));
        using var host = builder.Build();
        await host.StartAsync(ct);

        // The follower has read the held Lease twice: it got past its start and is waiting for the Lease.
        await leaseReads.WaitForAsync(2, ct);
        Assert.Empty(order);

        var lease = await admin.CoordinationV1.ReadNamespacedLeaseAsync(RuntimeOptions.DefaultLeaderElectionId, ns, cancellationToken: ct);
        lease.Spec.HolderIdentity = null;
        await admin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, RuntimeOptions.DefaultLeaderElectionId, ns, cancellationToken: ct);
        await runnableStarted.Task.WaitAsync(ct);

        Assert.Equal(["initializer", "runnable"], order);
        await host.StopAsync(ct);
        Assert.Equal(ExitCodes.Stopped, host.Services.GetRequiredService<RuntimeState>().ExitCode);
    }

    /// <summary>Counts successful reads of a Lease.</summary>
    private sealed class LeaseReadCounter : DelegatingHandler
    {
        private readonly ConcurrentQueue<TaskCompletionSource> _waiters = new();
        private int _reads;

        public async Task WaitForAsync(int reads, CancellationToken cancellationToken)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            while (Volatile.Read(ref _reads) < reads)
            {
                await waiter.Task.WaitAsync(cancellationToken);
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(waiter);
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Get && response.IsSuccessStatusCode && request.RequestUri!.AbsolutePath.Contains("/leases/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _reads);
                while (_waiters.TryDequeue(out var waiter))
                {
                    waiter.TrySetResult();
                }
            }

            return response;
        }
    }

    private sealed class RecordingInitializer(ConcurrentQueue<string> order) : ILeaderInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken)
        {
            order.Enqueue("initializer");
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingRunnable(ConcurrentQueue<string> order, TaskCompletionSource started) : IRunnable
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            order.Enqueue("runnable");
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
