using System.Net;

namespace OciSource.Distribution.Transport;

/// <summary>
/// Follows redirects of GET and HEAD requests (at most <see cref="MaxRedirects"/>) with a fresh request that carries
/// the original headers except <c>Authorization</c>; the authentication handler below adds credentials only for the
/// host they belong to, so a blob redirected to object storage never receives the registry's credentials. A hop
/// that changes scheme (against the scheme the previous hop really used, after any plain-HTTP fallback) is marked
/// <see cref="Auth.AuthenticationHandler.WithoutCredentials"/>, as is every hop after it: an <c>https</c> registry
/// that redirects to <c>http</c> on its own host never gets credentials in clear text.
/// </summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    public const int MaxRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var current = request;
        for (var hop = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            if (hop == MaxRedirects || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head))
            {
                return response;
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            if (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp)
            {
                return response;
            }

            var next = new HttpRequestMessage(request.Method, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
            var stripped = current.Options.TryGetValue(Auth.AuthenticationHandler.WithoutCredentials, out var earlier) && earlier;
            if (stripped || !target.Scheme.Equals(current.RequestUri!.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                next.Options.Set(Auth.AuthenticationHandler.WithoutCredentials, true);
            }

            foreach (var header in request.Headers)
            {
                if (!header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            response.Dispose();
            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }

            current = next;
            response = await base.SendAsync(next, cancellationToken);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
