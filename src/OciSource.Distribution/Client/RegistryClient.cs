using Microsoft.Extensions.Logging;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;

namespace OciSource.Distribution.Client;

/// <summary>
/// The OCI Distribution client for one repository (create it with <see cref="RegistryClientFactory"/>). Every
/// operation is bounded (manifest size, tag count, retries) and honours cancellation; failures are
/// <see cref="RegistryException"/> subclasses (or <see cref="HttpRequestException"/> when no connection could be
/// made after retries) whose messages never contain credentials. Thread-safe.
/// </summary>
public sealed partial class RegistryClient : ITagLister, IManifestResolver, IManifestFetcher, IBlobFetcher, IDisposable
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
    /// <exception cref="RegistryException">Any other answer than 200.</exception>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryBase);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryResponseErrors.CreateAsync(response, $"ping {Repository.Registry}", cancellationToken);
        }
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

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
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
