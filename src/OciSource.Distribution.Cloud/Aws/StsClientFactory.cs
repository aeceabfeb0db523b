using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// AWS SDK STS clients as Flux configures them: the regional endpoint of the registry's region (or the configured STS
/// endpoint, signed for that region), the object's proxy, no credentials (AssumeRoleWithWebIdentity is unsigned).
/// </summary>
internal static class StsClientFactory
{
    public static AmazonSecurityTokenServiceClient Create(AwsProviderSettings settings, string region, CloudHttp http)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            HttpClientFactory = new CloudHttpClientFactory(http),
            UseFIPSEndpoint = settings.UseFipsEndpoint,
            // The settings are the one source of endpoints (read from the same variables by FromEnvironment).
            IgnoreConfiguredEndpointUrls = true,
        };
        if (settings.StsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
    }
}
