using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Cloud.Gcp;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// What Google's SDK used to do for us: keep a credential's token and fetch a new one before it expires
/// (<see cref="RefreshingTokenSource"/>, driven by a <see cref="FakeTimeProvider"/>), one fetch at a time. The token
/// sources are in-memory fakes that complete when the test says so (no network, no timing).
/// </summary>
public sealed class GcpTokenRefreshTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
    private GcpTestCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cloud = await GcpTestCloud.StartAsync(Ct);

    public ValueTask DisposeAsync() => _cloud.DisposeAsync();

    [Fact]
    public async Task MetadataToken_IsKeptUntilFiveMinutesBeforeItExpires_ThenFetchedAgain()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var first = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);
        _time.Advance(TimeSpan.FromMinutes(55) - TimeSpan.FromSeconds(1));
        var kept = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        var refreshed = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal(first.Value, kept.Value);
        Assert.Equal(first.ExpiresAt, kept.ExpiresAt);
        Assert.NotEqual(first.Value, refreshed.Value);
        Assert.Equal(_time.GetUtcNow().AddHours(1), refreshed.ExpiresAt);
        Assert.Equal(2, _cloud.Metadata.Requests.Count);
    }

    [Fact]
    public async Task ShortLivedToken_IsFetchedAgainOnEveryCall()
    {
        _cloud.Metadata.TokenLifetime = TimeSpan.FromMinutes(4);
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var first = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);
        var second = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal(2, _cloud.Metadata.Requests.Count);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneFetch()
    {
        var inner = new ControlledSource();
        var source = new RefreshingTokenSource(inner, _time);

        var first = source.GetTokenAsync(Ct);
        var second = source.GetTokenAsync(Ct);
        await inner.Started.Task.WaitAsync(Ct);
        inner.Complete(new GcpAccessToken("token-1", _time.GetUtcNow().AddHours(1)));

        Assert.Same(await first, await second);
        Assert.Equal(1, inner.Calls);
        Assert.Equal("token-1", (await source.GetTokenAsync(Ct)).Value);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task ACallerGivingUp_DoesNotFailTheFetchTheOthersWaitFor()
    {
        var inner = new ControlledSource();
        var source = new RefreshingTokenSource(inner, _time);
        using var impatient = new CancellationTokenSource();

        var givesUp = source.GetTokenAsync(impatient.Token);
        var waits = source.GetTokenAsync(Ct);
        await inner.Started.Task.WaitAsync(Ct);
        await impatient.CancelAsync();
        inner.Complete(new GcpAccessToken("token-1", _time.GetUtcNow().AddHours(1)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givesUp);
        Assert.Equal("token-1", (await waits).Value);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task AFailedFetch_IsNotRemembered()
    {
        var inner = new ControlledSource();
        var source = new RefreshingTokenSource(inner, _time);

        var failing = source.GetTokenAsync(Ct);
        await inner.Started.Task.WaitAsync(Ct);
        inner.Fail(new GoogleEndpointException("metadata server failed: HTTP 503"));
        await Assert.ThrowsAsync<GoogleEndpointException>(() => failing);
        var next = source.GetTokenAsync(Ct);
        await inner.Started.Task.WaitAsync(Ct);
        inner.Complete(new GcpAccessToken("token-2", _time.GetUtcNow().AddHours(1)));

        Assert.Equal("token-2", (await next).Value);
        Assert.Equal(2, inner.Calls);
    }

    /// <summary>A token source whose fetch completes when the test calls <see cref="Complete"/> or <see cref="Fail"/>.</summary>
    private sealed class ControlledSource : IGoogleTokenSource
    {
        private TaskCompletionSource<GcpAccessToken> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        /// <summary>Completed when a fetch starts (renewed by <see cref="Complete"/> and <see cref="Fail"/>).</summary>
        public TaskCompletionSource Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Started.TrySetResult();
            return _result.Task;
        }

        public void Complete(GcpAccessToken token) => Next().SetResult(token);

        public void Fail(Exception error) => Next().SetException(error);

        private TaskCompletionSource<GcpAccessToken> Next()
        {
            var current = _result;
            _result = new TaskCompletionSource<GcpAccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return current;
        }
    }
}
