using OciSource.Distribution.Cloud.Aws;
using OciSource.Testing.Cloud.Aws;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>
/// The controller's identity through the AWS SDK's default credential chain (environment keys, EKS Pod Identity
/// container credentials), which reads the process environment; ECR and the Pod Identity agent are loopback
/// simulators. Instance metadata is disabled in every test (see <see cref="EnvironmentScope"/>).
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class AwsDefaultChainTests : IAsyncLifetime
{
    private const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private AwsSimulators _aws = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _aws = await AwsSimulators.StartAsync("eu-west-1", accept: null, Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    [Fact]
    public async Task EnvironmentKeys_SignTheEcrCall()
    {
        var keys = _aws.Credentials.Issue(temporary: false, expiresAt: null);
        using var environment = new EnvironmentScope(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = keys.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = keys.SecretAccessKey,
        });
        using var provider = new AwsRegistryProvider(Settings());

        var token = await provider.GetAccessTokenAsync(Registry, null, new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync("eu-west-1", token, new CloudHttp(), Ct);

        Assert.Equal("AWS", credential.Username);
        Assert.Equal(DateTimeOffset.MaxValue, token.ExpiresAt);
        var ecr = Assert.Single(_aws.Ecr.Requests);
        Assert.Equal((keys.AccessKeyId, null), (ecr.AccessKeyId, ecr.ErrorCode));
    }

    [Fact]
    public async Task PodIdentityAgent_ContainerCredentialsSignTheEcrCall()
    {
        await using var agent = await ContainerCredentialsSimulator.StartAsync(_aws.Credentials, Ct);
        using var environment = new EnvironmentScope(new Dictionary<string, string>
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = agent.CredentialsUri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = agent.AuthorizationToken,
        });
        using var provider = new AwsRegistryProvider(Settings());

        var token = await provider.GetAccessTokenAsync(Registry, null, new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync("eu-west-1", token, new CloudHttp(), Ct);
        await provider.GetAccessTokenAsync(Registry, null, new CloudHttp(), Ct);

        Assert.Equal("AWS", credential.Username);
        Assert.Equal(1, agent.RequestCount);
        Assert.Null(Assert.Single(_aws.Ecr.Requests).ErrorCode);
        Assert.True(token.ExpiresAt < DateTimeOffset.MaxValue);
    }

    [Fact]
    public async Task NoIdentityAnywhere_TheChainsOwnMessage()
    {
        using var environment = new EnvironmentScope(new Dictionary<string, string>());
        using var provider = new AwsRegistryProvider(Settings());

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(Registry, null, new CloudHttp(), Ct));

        Assert.StartsWith("the AWS SDK's default credential chain failed: Failed to resolve AWS credentials.", error.Message, StringComparison.Ordinal);
        Assert.Empty(_aws.Ecr.Requests);
    }

    private AwsProviderSettings Settings() => new() { EcrEndpoint = _aws.Ecr.Address, StsEndpoint = _aws.Sts.Address };
}
