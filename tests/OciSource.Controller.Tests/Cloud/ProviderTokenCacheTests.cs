using System.Text;
using Microsoft.Extensions.Time.Testing;
using OciSource.Controller.Cloud;
using Prometheus;

namespace OciSource.Controller.Tests.Cloud;

/// <summary>The cloud credential cache: fluxcd/pkg's TokenCache semantics and metric families.</summary>
public sealed class ProviderTokenCacheTests
{
    private static readonly InvolvedObject App = new("OCIRepository", "app", "team-a", InvolvedObject.ReconcileOperation);
    private static readonly InvolvedObject Other = new("OCIRepository", "other", "team-b", InvolvedObject.ReconcileOperation);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEntryIsKeptFor80PercentOfItsLifetime_ThenFetchedAgain()
    {
        var cache = Cache(new TokenCacheOptions());
        var fetches = 0;
        Task<(string, DateTimeOffset)> Fetch(CancellationToken _) => Task.FromResult(($"credential-{++fetches}", _time.GetUtcNow().AddMinutes(10)));

        var first = await cache.GetOrSetAsync("k", Fetch, App, Ct);
        _time.Advance(TimeSpan.FromMinutes(8) - TimeSpan.FromSeconds(1));
        var second = await cache.GetOrSetAsync("k", Fetch, App, Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        var third = await cache.GetOrSetAsync("k", Fetch, App, Ct);

        Assert.Equal(("credential-1", false), first);
        Assert.Equal(("credential-1", true), second);
        Assert.Equal(("credential-2", false), third);
    }

    [Fact]
    public async Task MaxDuration_CapsHowLongALongLivedCredentialIsKept()
    {
        var cache = Cache(new TokenCacheOptions { MaxDuration = TimeSpan.FromMinutes(5) });
        var fetches = 0;
        Task<(string, DateTimeOffset)> Fetch(CancellationToken _) => Task.FromResult(($"credential-{++fetches}", _time.GetUtcNow().AddHours(12)));

        await cache.GetOrSetAsync("k", Fetch, App, Ct);
        _time.Advance(TimeSpan.FromMinutes(5));
        var after = await cache.GetOrSetAsync("k", Fetch, App, Ct);

        Assert.Equal(("credential-2", false), after);
    }

    [Fact]
    public async Task BeyondMaxSize_TheLeastRecentlyUsedEntryIsEvictedAndCounted()
    {
        var cache = Cache(new TokenCacheOptions { MaxSize = 2 });
        Task<(string, DateTimeOffset)> Fetch(string value) => Task.FromResult((value, _time.GetUtcNow().AddHours(1)));

        await cache.GetOrSetAsync("a", _ => Fetch("a1"), App, Ct);
        await cache.GetOrSetAsync("b", _ => Fetch("b1"), App, Ct);
        await cache.GetOrSetAsync("a", _ => Fetch("a2"), App, Ct);
        await cache.GetOrSetAsync("c", _ => Fetch("c1"), App, Ct);
        var a = await cache.GetOrSetAsync("a", _ => Fetch("a3"), App, Ct);
        var b = await cache.GetOrSetAsync("b", _ => Fetch("b2"), App, Ct);

        Assert.Equal(("a1", true), a);
        Assert.Equal(("b2", false), b);
        var metrics = await ExportAsync();
        Assert.Contains("gotk_token_cache_evictions_total 2", metrics, StringComparison.Ordinal);
        Assert.Contains("gotk_token_cached_items 2", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentMissesOfOneKey_FetchOnce()
    {
        var cache = Cache(new TokenCacheOptions());
        var release = new TaskCompletionSource<(string, DateTimeOffset)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetches = 0;
        Task<(string, DateTimeOffset)> Fetch(CancellationToken _)
        {
            Interlocked.Increment(ref fetches);
            started.TrySetResult();
            return release.Task;
        }

        var first = cache.GetOrSetAsync("k", Fetch, App, Ct);
        await started.Task.WaitAsync(Ct);
        var second = cache.GetOrSetAsync("k", Fetch, Other, Ct);
        release.SetResult(("shared", _time.GetUtcNow().AddHours(1)));

        Assert.Equal("shared", (await first).Value);
        Assert.Equal("shared", (await second).Value);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task AFailedFetch_IsNotStored_AndCountedAsAFailedRequestAndAMiss()
    {
        var cache = Cache(new TokenCacheOptions());

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.GetOrSetAsync<string>("k", _ => throw new InvalidOperationException("provider down"), App, Ct));
        var after = await cache.GetOrSetAsync("k", _ => Task.FromResult(("ok", _time.GetUtcNow().AddHours(1))), App, Ct);

        Assert.Equal(("ok", false), after);
        var metrics = await ExportAsync();
        Assert.Contains("gotk_token_cache_requests_total{status=\"failure\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("gotk_token_cache_requests_total{status=\"success\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("gotk_token_cache_events_total{event_type=\"cache_miss\",kind=\"OCIRepository\",name=\"app\",namespace=\"team-a\",operation=\"reconcile\"} 2", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_DropsTheObjectsSeriesAndTheEntriesOnlyItUsed()
    {
        var cache = Cache(new TokenCacheOptions());
        Task<(string, DateTimeOffset)> Fetch(string value) => Task.FromResult((value, _time.GetUtcNow().AddHours(1)));
        await cache.GetOrSetAsync("own", _ => Fetch("own"), App, Ct);
        await cache.GetOrSetAsync("shared", _ => Fetch("shared"), App, Ct);
        await cache.GetOrSetAsync("shared", _ => Fetch("never"), Other, Ct);

        cache.Forget(App);

        Assert.Equal(1, cache.Count());
        Assert.Equal(("shared", true), await cache.GetOrSetAsync("shared", _ => Fetch("never"), Other, Ct));
        Assert.Equal(("own-again", false), await cache.GetOrSetAsync("own", _ => Fetch("own-again"), Other, Ct));
        var metrics = await ExportAsync();
        Assert.DoesNotContain("name=\"app\"", metrics, StringComparison.Ordinal);
        Assert.Contains("gotk_token_cache_events_total{event_type=\"cache_hit\",kind=\"OCIRepository\",name=\"other\",namespace=\"team-b\",operation=\"reconcile\"} 2", metrics, StringComparison.Ordinal);
    }

    private ProviderTokenCache Cache(TokenCacheOptions options) => new(options, new TokenCacheMetrics(_registry), _time);

    private async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream, Ct);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
