using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Time.Testing;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Hosting;

/// <summary>The API client's request counter and rate-limiter wait, as the runtime composes them, against the real API server.</summary>
[Collection(KubeApiCollection.Name)]
public sealed class ClientMetricsTests(KubeApiFixture fixture)
{
    [Fact]
    public async Task Requests_AreCountedByCodeAndMethod_AndTheRateLimitersWaitIsSummed()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("client-metrics", ct);
        await WaitUntilLeasesAnswerAsync(ns, ct);
        var metrics = RuntimeMetrics.CreateIsolated();
        // One per second with a burst of 1, on a clock that moves only when the test moves it: the first request takes
        // the one token, the next two reserve theirs at the same instant and so owe exactly 1 s and 2 s.
        var time = new FakeTimeProvider();
        using var client = new Kubernetes(
            fixture.Configuration,
            new ClientRateLimitHandler(1, 1, time, metrics),
            new ClientMetricsHandler(metrics));

        await client.CoordinationV1.ListNamespacedLeaseAsync(ns, cancellationToken: ct);
        var second = client.CoordinationV1.ListNamespacedLeaseAsync(ns, cancellationToken: ct);
        var missing = Assert.ThrowsAsync<HttpOperationException>(
            () => client.CoordinationV1.ReadNamespacedLeaseAsync("no-such-lease", ns, cancellationToken: ct));
        await Objects.EventuallyAsync(() => metrics.ClientRateLimiterWait.Value >= 3.0, "both requests reserved their token", ct);
        Assert.False(second.IsCompleted || missing.IsCompleted, "a request went out before its token was due");
        while (!second.IsCompleted || !missing.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(Task.WhenAll(second, missing), Task.Delay(50, ct));
        }

        await second;
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await missing).Response.StatusCode);

        using var exported = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(exported, ct);
        var text = System.Text.Encoding.UTF8.GetString(exported.ToArray());
        var host = new Uri(fixture.Configuration.Host).Authority;
        Assert.Contains($"rest_client_requests_total{{code=\"200\",host=\"{host}\",method=\"GET\"}} 2", text, StringComparison.Ordinal);
        Assert.Contains($"rest_client_requests_total{{code=\"404\",host=\"{host}\",method=\"GET\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains("ocisource_rest_client_rate_limiter_wait_seconds_total 3\n", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A test before this one in the collection may have restarted the API server, which then answers 429 "storage is
    /// (re)initializing" for a while; the counted requests must not meet that, so wait with an unmetered client.
    /// </summary>
    private async Task WaitUntilLeasesAnswerAsync(string ns, CancellationToken ct)
    {
        using var plain = fixture.CreateClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await plain.CoordinationV1.ListNamespacedLeaseAsync(ns, cancellationToken: ct);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && attempt < 60)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
