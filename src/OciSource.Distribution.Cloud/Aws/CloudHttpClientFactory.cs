using Amazon.Runtime;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// Gives an AWS SDK client the object's network path (<see cref="CloudHttp.CreateProviderHandler"/>: its proxy), so the
/// SDK's calls to STS go where Flux sends them. Each client built with it owns its own HttpClient.
/// </summary>
internal sealed class CloudHttpClientFactory(CloudHttp http) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(http.CreateProviderHandler(), disposeHandler: true);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => http.Key;
}
