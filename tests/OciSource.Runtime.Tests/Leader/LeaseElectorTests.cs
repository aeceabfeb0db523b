using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Runtime.Controller;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Leader;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Leader;

/// <summary>
/// Two in-process replicas, each with its own client, elector and controller, against one API server. The electors run
/// on a <see cref="SteppedClock"/> (lease 2 s, renew deadline 1.5 s, retry 0.25 s of that clock): a lease expires, or a
/// renew deadline passes, only when the test moves the clock, never because the machine is slow. The controllers run
/// on real time.
/// </summary>
[Collection(KubeApiCollection.Name)]
public sealed class LeaseElectorTests(KubeApiFixture fixture)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task TwoReplicas_LeaderCancelled_OtherTakesOverAndReconcilesNeverOverlap()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("lease", ct);
        using var setup = fixture.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await Objects.CreateAsync(setup, TestOciRepository.New(ns, $"app{i}"), ct);
        }

        var clock = new SteppedClock();
        await using var a = new Replica("a", fixture, ns, clock, releaseOnCancel: false);
        await using var b = new Replica("b", fixture, ns, clock, releaseOnCancel: false);
        // Both try at once; should both attempts fail (an API server still starting), the clock lets them retry.
        await Objects.EventuallyAsync(() => a.Elector.IsLeader || b.Elector.IsLeader || clock.Timers >= 2, "both replicas tried once", ct);
        await clock.AdvanceUntilAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "one replica leads", Retry, TimeSpan.FromMinutes(1), ct);
        var (leader, follower) = a.Elector.IsLeader ? (a, b) : (b, a);
        await Objects.EventuallyAsync(() => leader.Reconciled >= 5, "the leader reconciled every object", ct);
        Assert.False(follower.Elector.IsLeader);
        Assert.Equal(0, follower.Reconciled);
        var held = await setup.CoordinationV1.ReadNamespacedLeaseAsync("test-election", ns, cancellationToken: ct);
        Assert.Equal(leader.Identity, held.Spec.HolderIdentity);

        // The leader dies without releasing: the follower must wait out the lease (on its clock), then take over.
        await leader.StopAsync();
        await clock.AdvanceUntilAsync(() => follower.Elector.IsLeader, "the follower took over", Retry, TimeSpan.FromMinutes(1), ct);
        var sinceLastRenewal = clock.GetUtcNow().UtcDateTime - held.Spec.RenewTime!.Value.ToUniversalTime();
        Assert.True(sinceLastRenewal >= LeaseDuration, $"the follower took over {sinceLastRenewal} after the last renewal, before the {LeaseDuration} lease expired");
        await Objects.EventuallyAsync(() => follower.Reconciled >= 5, "the new leader reconciled every object", ct);

        var lease = await setup.CoordinationV1.ReadNamespacedLeaseAsync("test-election", ns, cancellationToken: ct);
        Assert.Equal(follower.Identity, lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        // Every reconcile of the old leader ended before the first of the new leader started.
        var leaderLast = leader.Reconciler.Calls.Max(c => c.End);
        var followerFirst = follower.Reconciler.Calls.Min(c => c.Start);
        Assert.True(followerFirst >= leaderLast, $"the new leader started at {followerFirst} before the old one's last reconcile ended at {leaderLast}");
    }

    [Fact]
    public async Task Leader_CancelledWithRelease_SuccessorTakesOverWithoutWaitingForExpiry()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("lease", ct);
        var clock = new SteppedClock();
        var lease = TimeSpan.FromSeconds(30);
        await using var a = new Replica("a", fixture, ns, clock, releaseOnCancel: true, leaseDuration: lease, renewDeadline: TimeSpan.FromSeconds(20));
        await Objects.EventuallyAsync(() => a.Elector.IsLeader, "a leads", ct);
        await using var b = new Replica("b", fixture, ns, clock, releaseOnCancel: true, leaseDuration: lease, renewDeadline: TimeSpan.FromSeconds(20));
        await Objects.EventuallyAsync(() => b.Attempts >= 1, "b tried and found the lease held", ct);
        Assert.False(b.Elector.IsLeader);

        await a.StopAsync();

        // Far sooner than the 30 s lease: the released Lease is free at b's next try.
        var waited = await clock.AdvanceUntilAsync(() => b.Elector.IsLeader, "b took over the released lease", Retry, lease, ct);
        Assert.True(waited < lease, $"b waited {waited}");
        Assert.False(await a.LostAsync());
    }

    [Fact]
    public async Task Leader_LeaseTakenByAnother_LosesLeadershipAndStopsItsWork()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("lease", ct);
        using var admin = fixture.CreateClient();
        var clock = new SteppedClock();
        await using var a = new Replica("a", fixture, ns, clock, releaseOnCancel: true);
        await Objects.EventuallyAsync(() => a.Elector.IsLeader, "a leads", ct);

        // Someone else writes itself into the Lease (as a partitioned replica's successor would); a's renewals now fail.
        // The clock stands still, so a cannot renew in between and make this write conflict.
        var lease = await admin.CoordinationV1.ReadNamespacedLeaseAsync("test-election", ns, cancellationToken: ct);
        lease.Spec.HolderIdentity = "intruder";
        lease.Spec.RenewTime = DateTime.UtcNow;
        lease.Spec.LeaseDurationSeconds = 3600;
        await admin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "test-election", ns, cancellationToken: ct);

        await clock.AdvanceUntilAsync(() => a.LostAsync().IsCompleted, "a lost the lease", Retry, TimeSpan.FromMinutes(1), ct);
        Assert.True(await a.LostAsync());
        Assert.False(a.Elector.IsLeader);
        Assert.True(a.WorkStopped);
    }

    /// <summary>One replica: its own client, elector and controller over the namespace.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly Kubernetes _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<bool> _run;
        private readonly CountingHandler _requests = new();
        private int _reconciled;

        public Replica(
            string name, KubeApiFixture fixture, string ns, TimeProvider clock, bool releaseOnCancel,
            TimeSpan? leaseDuration = null, TimeSpan? renewDeadline = null)
        {
            Identity = name;
            // As the controller builds its client (no reflection JSON, unlike the fixture's): renewals write back the Lease read.
            _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.KubeconfigPath).WithRuntimeJson(), _requests);
            Elector = new LeaseElector(
                _client,
                new LeaderElectionOptions
                {
                    LeaseName = "test-election",
                    LeaseNamespace = ns,
                    Identity = name,
                    LeaseDuration = leaseDuration ?? LeaseDuration,
                    RenewDeadline = renewDeadline ?? TimeSpan.FromMilliseconds(1500),
                    RetryPeriod = Retry,
                    ReleaseOnCancel = releaseOnCancel,
                },
                clock,
                NullLogger.Instance,
                RuntimeMetrics.CreateIsolated());
            var reconciler = Reconciler;
            reconciler.Behaviour = (_, _) =>
            {
                Interlocked.Increment(ref _reconciled);
                return ReconcileResult.After(TimeSpan.FromMilliseconds(100));
            };
            _run = Elector.RunAsync(
                async token =>
                {
                    var informer = new Informer<TestOciRepository>(_client, TestOciRepository.Resource, TestOciRepository.Json, new InformerOptions { Namespace = ns }, TimeProvider.System, NullLogger.Instance);
                    var controller = new Controller<TestOciRepository>(
                        informer, reconciler, new ControllerOptions { Name = "test" }, RuntimeMetrics.CreateIsolated(), TimeProvider.System, NullLogger.Instance);
                    try
                    {
                        await controller.RunAsync(token);
                    }
                    finally
                    {
                        WorkStopped = true;
                    }
                },
                _stop.Token);
        }

        public string Identity { get; }

        public LeaseElector Elector { get; }

        public RecordingReconciler Reconciler { get; } = new() { Hold = TimeSpan.FromMilliseconds(20) };

        public int Reconciled => Volatile.Read(ref _reconciled);

        /// <summary>Lease requests this replica's client has completed.</summary>
        public int Attempts => _requests.Completed;

        public bool WorkStopped { get; private set; }

        /// <summary>True when the run ended by losing leadership.</summary>
        public Task<bool> LostAsync() => _run;

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>Counts the requests a replica's client has completed.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        private int _completed;

        public int Completed => Volatile.Read(ref _completed);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Increment(ref _completed);
            }
        }
    }
}
