using System.Text;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Loads <see cref="GkeClusterMetadata"/> from the metadata server on first use and keeps it once loaded (a failure is
/// tried again next time), as fluxcd/pkg does. The metadata server is node-local: never proxied (Flux's reasoning).
/// </summary>
internal sealed class GkeMetadataLoader(HttpMessageHandler direct, Uri metadataBase) : IDisposable
{
    private const int MaxValueBytes = 16 * 1024;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HttpClient _client = new(direct, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
    private GkeClusterMetadata? _loaded;

    /// <exception cref="CloudProviderException">The metadata server failed or returned an empty value (Flux's messages).</exception>
    public async Task<GkeClusterMetadata> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded) is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded is null)
            {
                var project = await ReadAsync("project/project-id", "project ID", cancellationToken).ConfigureAwait(false);
                var location = await ReadAsync("instance/attributes/cluster-location", "location", cancellationToken).ConfigureAwait(false);
                var name = await ReadAsync("instance/attributes/cluster-name", "name", cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _loaded, new GkeClusterMetadata(project, location, name));
            }

            return _loaded!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _gate.Dispose();
    }

    private async Task<string> ReadAsync(string path, string what, CancellationToken cancellationToken)
    {
        var prefix = $"failed to get GKE cluster {what} from the metadata service";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(metadataBase, path));
            request.Headers.Add("Metadata-Flavor", "Google");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var body = await BoundedReader.ReadAsync(stream, MaxValueBytes, $"metadata {path}", cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CloudProviderException($"{prefix}: metadata server {path}: {GoogleErrorText.Describe(response.StatusCode, body)}");
            }

            var value = Encoding.UTF8.GetString(body).Trim();
            return value.Length > 0 ? value : throw new CloudProviderException($"{prefix}: empty value");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or Errors.ContentTooLargeException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CloudProviderException($"{prefix}: {e.Message}", e);
        }
    }
}
