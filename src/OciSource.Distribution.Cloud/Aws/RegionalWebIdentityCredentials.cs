using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// The controller's IRSA identity through the SDK's own <see cref="AssumeRoleWithWebIdentityCredentials"/> (token file
/// reading, refresh before expiry), with the one thing Flux does differently from the SDK's default chain: STS is asked
/// in the registry's region, through the object's proxy, at the configured STS endpoint.
/// </summary>
internal sealed class RegionalWebIdentityCredentials(AwsWebIdentity identity, AwsProviderSettings settings, string region, CloudHttp http)
    : AssumeRoleWithWebIdentityCredentials(identity.TokenFile, identity.RoleArn, identity.RoleSessionName)
{
    private readonly Lazy<AmazonSecurityTokenServiceClient> _client = new(() => StsClientFactory.Create(settings, region, http));

    protected override ICoreAmazonSTS CreateClient() => _client.Value;

    protected override void Dispose(bool disposing)
    {
        if (disposing && _client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        base.Dispose(disposing);
    }
}
