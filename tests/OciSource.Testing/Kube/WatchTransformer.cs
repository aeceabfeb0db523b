using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace OciSource.Testing.Kube;

/// <summary>
/// YARP's default transforms, plus the response headers of a watch sent at once. The API server flushes a watch's
/// headers immediately; a proxy that waits for the first event instead leaves client-go (e.g. <c>kubectl wait</c> on
/// an object that is already in the wanted state) blocked until something changes.
/// </summary>
internal sealed class WatchTransformer : HttpTransformer
{
    public static readonly WatchTransformer Instance = new();

    private WatchTransformer()
    {
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proceed && proxyResponse is not null)
        {
            await httpContext.Response.StartAsync(cancellationToken);
            await httpContext.Response.Body.FlushAsync(cancellationToken);
        }

        return proceed;
    }
}
