using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>
/// What the rest of an ACR endpoint does, for <see cref="AcrExchangeSimulator"/>: <c>/v2/…</c> is the real distribution
/// registry behind it, and <c>/oauth2/token</c> its token server — with the registry's Bearer challenge rewritten to
/// name <c>https://&lt;registry&gt;/oauth2/token</c>, as ACR's does. Bodies stream both ways; no redirect is followed.
/// </summary>
internal sealed class AcrRegistryForwarder(Uri registry, Uri tokenRealm) : IDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Connection", "Transfer-Encoding", "Keep-Alive", "Host", "Content-Length" };
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Forwards <paramref name="context"/>'s request: <c>/oauth2/token</c> to the token realm, anything else to the registry.</summary>
    public async Task ForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var target = path == "/oauth2/token"
            ? new Uri(tokenRealm + context.Request.QueryString.Value)
            : new Uri(registry, path + context.Request.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopHeaders.Contains(name) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (HopHeaders.Contains(name) && name != "Content-Length")
            {
                continue;
            }

            context.Response.Headers[name] = name.Equals("WWW-Authenticate", StringComparison.OrdinalIgnoreCase)
                ? values.Select(v => v.Replace(tokenRealm.ToString(), $"https://{context.Request.Host.Host}/oauth2/token", StringComparison.Ordinal)).ToArray()
                : values.ToArray();
        }

        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public void Dispose() => _http.Dispose();
}
