using System.Net;
using System.Runtime.ExceptionServices;

namespace OciSource.Distribution.Transport;

/// <summary>
/// Sends to <c>https</c> first and, for a registry allowed plain HTTP (<c>insecure</c>, or a local address as
/// go-containerregistry allows), falls back to <c>http</c> only when the HTTPS connection met a server that does not
/// speak TLS: a TLS handshake that failed without a certificate check failing (<see cref="CertificateRejectedException"/>
/// proves the server speaks TLS; a refused connection or proxy proves nothing), followed by a plain-HTTP answer that
/// is not the 400 a TLS server gives to plain HTTP. The answer is remembered for <see cref="DecisionLifetime"/> under
/// <paramref name="decisionKey"/> (transport identity, registry and credential), then learned again; while HTTPS is
/// the remembered answer, a failing handshake never falls back. Any other failure reaches the caller unchanged.
/// </summary>
internal sealed class SchemeFallbackHandler(string registry, bool allowPlainHttp, ExpiringCache<string> decisions, string decisionKey) : DelegatingHandler
{
    /// <summary>How long a scheme decision holds before HTTPS is tried again.</summary>
    public static readonly TimeSpan DecisionLifetime = TimeSpan.FromMinutes(5);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!allowPlainHttp || uri.Scheme != Uri.UriSchemeHttps || !uri.Authority.Equals(registry, StringComparison.OrdinalIgnoreCase))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var known = decisions.TryGet(decisionKey, out var scheme) ? scheme : null;
        if (known == Uri.UriSchemeHttp)
        {
            request.RequestUri = WithScheme(uri, Uri.UriSchemeHttp);
            return await base.SendAsync(request, cancellationToken);
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            decisions.Set(decisionKey, Uri.UriSchemeHttps, DecisionLifetime);
            return response;
        }
        catch (HttpRequestException httpsFailure) when (!cancellationToken.IsCancellationRequested && known is null && MetNonTlsServer(httpsFailure))
        {
            request.RequestUri = WithScheme(uri, Uri.UriSchemeHttp);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(httpsFailure);
            }

            // A TLS server answers plain HTTP with 400: the HTTPS failure is the error the user needs to see, not the 400.
            if (response is null || response.StatusCode == HttpStatusCode.BadRequest)
            {
                response?.Dispose();
                ExceptionDispatchInfo.Throw(httpsFailure);
            }

            decisions.Set(decisionKey, Uri.UriSchemeHttp, DecisionLifetime);
            return response;
        }
    }

    /// <summary>True when the TLS handshake failed and no certificate check failed in it: the server sent no TLS.</summary>
    internal static bool MetNonTlsServer(HttpRequestException failure)
    {
        if (failure.HttpRequestError != HttpRequestError.SecureConnectionError)
        {
            return false;
        }

        for (Exception? cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is CertificateRejectedException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The same request over <paramref name="scheme"/>: an explicit port is kept, a default one becomes the new scheme's
    /// default (<c>https://host</c> → <c>http://host</c>, port 80, as go-containerregistry pings), so the authority — and
    /// the credential matched to it — stays <c>host</c>.
    /// </summary>
    private static Uri WithScheme(Uri uri, string scheme) => new UriBuilder(uri) { Scheme = scheme, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
}
