using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// client-go's client-side rate limit (<c>--kube-api-qps</c> / <c>--kube-api-burst</c>): each request to the API server
/// waits for a token of a bucket. A watch takes one token when it starts.
/// </summary>
public sealed class ClientRateLimitHandler(double qps, int burst, TimeProvider time) : DelegatingHandler
{
    private readonly TokenBucket _bucket = new(qps, burst, time);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var wait = _bucket.Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
