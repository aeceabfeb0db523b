using System.Net;
using k8s;
using k8s.Autorest;

namespace OciSource.Runtime.ApiServer;

/// <summary>
/// Requests to the API server through a <see cref="Kubernetes"/> client's own pipeline (its credentials, TLS settings
/// and delegating handlers: rate limit, metrics), for what the AOT client does not do with our types: list pages and
/// watches read with source-generated JSON, custom objects of our own kinds.
/// </summary>
internal sealed class ApiServerTransport
{
    /// <summary>How much of an error answer is kept for the exception message.</summary>
    private const int ErrorBodyLimit = 64 * 1024;

    private readonly Kubernetes _client;

    /// <exception cref="ArgumentException"><paramref name="client"/> is not a <see cref="Kubernetes"/> (the only implementation that exposes its pipeline).</exception>
    public ApiServerTransport(IKubernetes client) =>
        _client = client as Kubernetes ?? throw new ArgumentException($"the API server client must be a {nameof(Kubernetes)}, not {client.GetType().Name}", nameof(client));

    /// <summary>
    /// Sends one request and returns the answer once its headers arrived (the body is left to stream); the caller disposes it.
    /// </summary>
    /// <exception cref="HttpOperationException">The server answered with a non-success status (the message and <see cref="HttpOperationException.Response"/> carry up to 64 KiB of its body, as the Kubernetes client's own errors do).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, HttpContent? content, CancellationToken cancellationToken)
    {
        // HTTP/2 where the server offers it (one connection for every watch), as the client's own requests.
        var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, relativeUri)) { Content = content, Version = HttpVersion.Version20 };

        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ResponseBody.ReadTextAsync(response.Content, ErrorBodyLimit, cancellationToken);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {body}")
            {
                Request = new HttpRequestMessageWrapper(request, string.Empty),
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }
    }
}
