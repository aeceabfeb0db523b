using Microsoft.Extensions.Logging;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;

namespace OciSource.Distribution.Client;

/// <summary>
/// The OCI Distribution client for one repository (create it with <see cref="RegistryClientFactory"/>). Every
/// operation is bounded (manifest size, tag count, retries) and honours cancellation; every failure is a
/// <see cref="RegistryException"/> (connection and TLS failures after retries too, with the cause as inner
/// exception) whose message never contains credentials. Thread-safe.
/// </summary>
public sealed partial class RegistryClient : ITagLister, IManifestResolver, IManifestFetcher, IBlobFetcher, IBlobChecker, IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryClientOptions _options;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly Uri _repositoryBase;

    internal RegistryClient(RepositoryReference repository, HttpMessageHandler pipeline, IReadOnlyList<IDisposable> owned, RegistryClientOptions options, ILogger logger)
    {
        Repository = repository;
        _options = options;
        _logger = logger;
        _owned = owned;
        _http = new HttpClient(pipeline, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        RegistryBase = new Uri($"https://{repository.Registry}/v2/");
        _repositoryBase = new Uri(RegistryBase, repository.Repository + "/");
    }

    public RepositoryReference Repository { get; }

    /// <summary><c>https://&lt;registry&gt;/v2/</c>; plain HTTP is substituted on the wire when allowed and needed.</summary>
    public Uri RegistryBase { get; }

    /// <summary>Checks that the registry speaks the distribution API and accepts the credentials (<c>GET /v2/</c>).</summary>
    /// <exception cref="RegistryUnauthorizedException">The credentials (or anonymous access) were refused.</exception>
    /// <exception cref="RegistryException">Any other answer than 200, or no connection.</exception>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryBase);
        using var response = await SendAsync(request, $"ping {Repository.Registry}", cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var disposable in _owned)
        {
            disposable.Dispose();
        }
    }

    private Uri RepositoryUri(string relative) => new(_repositoryBase, relative);

    /// <summary>Sends; a non-success answer or a connection failure (after retries) becomes a <see cref="RegistryException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var detail = ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) ? $" ({inner.Message})" : string.Empty;
            throw new RegistryException($"{operation}: {ex.Message}{detail}", innerException: ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await RegistryResponseErrors.CreateAsync(response, operation, cancellationToken);
        }
    }
}
