using System.Globalization;
using OciSource.Runtime.Metrics;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// Counts every request to the API server in client-go's <c>rest_client_requests_total{code,host,method}</c>
/// (<c>code</c> is the HTTP status, or <c>&lt;error&gt;</c> when no response came). A watch counts once, when its
/// response starts.
/// </summary>
public sealed class ClientMetricsHandler(RuntimeMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri?.Authority ?? string.Empty;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.ClientRequests.WithLabels(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), host, request.Method.Method).Inc();
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            metrics.ClientRequests.WithLabels("<error>", host, request.Method.Method).Inc();
            throw;
        }
    }
}
