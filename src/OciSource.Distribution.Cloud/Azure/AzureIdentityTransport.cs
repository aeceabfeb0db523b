using Azure.Core.Pipeline;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// The HTTP path of Azure.Identity for one <see cref="CloudHttp.Key"/>: a handler from
/// <see cref="CloudHttp.CreateProviderHandler"/> (the object's proxy) with the settings' extra authority roots, as the
/// SDK's <c>ClientOptions.Transport</c>. Long-lived, so connections and the controller credential's token cache are reused.
/// </summary>
internal sealed class AzureIdentityTransport : IDisposable
{
    private readonly HttpClient _client;

    public AzureIdentityTransport(CloudHttp http, AzureProviderSettings settings)
    {
        _client = new HttpClient(http.CreateProviderHandler(settings.AuthorityRootCertificates), disposeHandler: true);
        Transport = new HttpClientTransport(_client);
    }

    /// <summary>What every credential option of this path gets as <c>Transport</c>.</summary>
    public HttpPipelineTransport Transport { get; }

    public void Dispose() => _client.Dispose();
}
