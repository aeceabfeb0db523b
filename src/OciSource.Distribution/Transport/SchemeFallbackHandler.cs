using System.Collections.Concurrent;
using System.Net;

namespace OciSource.Distribution.Transport;

/// <summary>
/// Sends to <c>https</c> first and, for a registry allowed plain HTTP (<c>insecure</c>, or a local address as
/// go-containerregistry allows), falls back to <c>http</c> when the HTTPS connection fails, remembering the
/// answer per registry in <paramref name="schemes"/> (shared by all clients of a factory).
/// </summary>
internal sealed class SchemeFallbackHandler(string registry, bool allowPlainHttp, ConcurrentDictionary<string, string> schemes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!allowPlainHttp || uri.Scheme != Uri.UriSchemeHttps || !uri.Authority.Equals(registry, StringComparison.OrdinalIgnoreCase))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (schemes.TryGetValue(registry, out var known) && known == Uri.UriSchemeHttp)
        {
            request.RequestUri = WithScheme(uri, Uri.UriSchemeHttp);
            return await base.SendAsync(request, cancellationToken);
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            schemes[registry] = Uri.UriSchemeHttps;
            return response;
        }
        catch (HttpRequestException httpsFailure) when (!cancellationToken.IsCancellationRequested)
        {
            request.RequestUri = WithScheme(uri, Uri.UriSchemeHttp);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(httpsFailure);
            }

            // A TLS server answers plain HTTP with 400: the HTTPS failure (e.g. an untrusted certificate) is the
            // error the user needs to see, not the 400.
            if (response is null || response.StatusCode == HttpStatusCode.BadRequest)
            {
                response?.Dispose();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(httpsFailure);
            }

            schemes[registry] = Uri.UriSchemeHttp;
            return response;
        }
    }

    private static Uri WithScheme(Uri uri, string scheme) => new UriBuilder(uri) { Scheme = scheme, Port = uri.Port }.Uri;
}
