using OciSource.Runtime.Metrics;
using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// client-go's client-side rate limit (<c>--kube-api-qps</c> / <c>--kube-api-burst</c>): each request to the API server
/// waits for a token of a bucket. A watch takes one token when it starts. The time waited is added to
/// <c>ocisource_rest_client_rate_limiter_wait_seconds_total</c> when <paramref name="metrics"/> is given.
/// </summary>
public sealed class ClientRateLimitHandler(double qps, int burst, TimeProvider time, RuntimeMetrics? metrics = null) : DelegatingHandler
{
    private readonly TokenBucket _bucket = new(qps, burst, time);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var wait = _bucket.Reserve();
        if (wait > TimeSpan.Zero)
        {
            metrics?.ClientRateLimiterWait.Inc(wait.TotalSeconds);
            await Task.Delay(wait, time, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
