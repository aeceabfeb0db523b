using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace OciSource.Testing.Registry;

/// <summary>
/// The per-request header work of the <see cref="TamperingFront"/>: copies every header (YARP's default), names the
/// front in <c>X-Forwarded-Host</c>/<c>-Proto</c> (so distribution builds upload URLs on the front), applies
/// <see cref="FaultKind.IgnoreRange"/>, arms a body fault on a 2xx answer, rewrites a redirect target request, and
/// reports the status sent through <see cref="OnResponse"/> exactly once.
/// </summary>
internal sealed class FrontTransformer : HttpTransformer
{
    /// <summary>Called with the status and the fault applied, before any of the answer reaches the client.</summary>
    public required Action<int, FaultKind?> OnResponse { get; init; }

    /// <summary>Strip <c>Range</c> from the request and <c>Accept-Ranges</c> from the answer.</summary>
    public bool IgnoreRange { get; init; }

    /// <summary>A body fault to arm on a 2xx answer, and the stream that applies it.</summary>
    public (FaultRule Rule, FaultyBodyStream Body)? BodyFault { get; init; }

    /// <summary>For the redirect target: the upstream path (the ticket prefix removed).</summary>
    public PathString? UpstreamPath { get; init; }

    /// <summary>For the redirect target: the <c>Authorization</c> header to send upstream instead of the client's (null: none).</summary>
    public string? UpstreamAuthorization { get; init; }

    public bool Reported { get; private set; }

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Remove("X-Forwarded-Host");
        proxyRequest.Headers.Remove("X-Forwarded-Proto");
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        if (IgnoreRange)
        {
            proxyRequest.Headers.Range = null;
            proxyRequest.Headers.Remove(HeaderNames.IfRange);
        }

        if (UpstreamPath is { } path)
        {
            proxyRequest.Headers.Authorization = null;
            if (UpstreamAuthorization is not null)
            {
                proxyRequest.Headers.TryAddWithoutValidation(HeaderNames.Authorization, UpstreamAuthorization);
            }

            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, httpContext.Request.QueryString);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(
        HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proxyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        FaultKind? applied = null;
        if (IgnoreRange)
        {
            httpContext.Response.Headers.Remove(HeaderNames.AcceptRanges);
            applied = FaultKind.IgnoreRange;
        }

        var realLength = httpContext.Response.ContentLength;
        if (BodyFault is var (rule, body)
            && proxyResponse is { IsSuccessStatusCode: true }
            && (realLength is not null || !rule.Fault.NeedsContentLength)
            && rule.TryConsume())
        {
            body.Activate(rule.Fault, realLength);
            applied = rule.Fault.Kind;
            if (rule.Fault.NeedsContentLength)
            {
                httpContext.Response.ContentLength = Math.Max(0, realLength!.Value + rule.Fault.LengthDelta);
            }
        }

        Report(httpContext.Response.StatusCode, applied);
        return proxyBody;
    }

    /// <summary>Reports the status once; later calls (e.g. after a forwarding error) do nothing.</summary>
    public void Report(int status, FaultKind? fault)
    {
        if (!Reported)
        {
            Reported = true;
            OnResponse(status, fault);
        }
    }
}
