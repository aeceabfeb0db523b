using OciSource.Distribution.Cloud.Aws;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>
/// The controller's own IRSA identity (the settings of <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> / <c>AWS_ROLE_ARN</c>, given
/// explicitly): the SDK's web identity credentials ask STS in the registry's region, then ECR, then the real registry.
/// STS and ECR are loopback simulators; the registry is real (token auth, accepting only what ECR issued).
/// </summary>
[Collection(AwsRegistryCollection.Name)]
public sealed class AwsControllerWebIdentityTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string ControllerRole = "arn:aws:iam::123456789012:role/ocisource-controller";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("aws-irsa");
    private AwsTestWorld _world = null!;
    private string _tokenFile = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await AwsTestWorld.StartAsync(fixture, Ct);
        _world.Simulators.Sts.ExpectedRoleArn = ControllerRole;
        var token = _world.Workload().Token;
        _tokenFile = Path.Combine(_work, "token");
        await File.WriteAllTextAsync(_tokenFile, token, Ct);
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task ProjectedTokenFile_ControllerCredential_PullsFromTheRegistry()
    {
        using var provider = new AwsRegistryProvider(Settings("ocisource-controller"));
        var before = DateTimeOffset.UtcNow;

        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, null, new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync(AwsTestWorld.Region, token, new CloudHttp(), Ct);
        await _world.ResolveWithAsync(credential, Ct);

        var sts = Assert.Single(_world.Simulators.Sts.Requests);
        Assert.Equal((ControllerRole, "ocisource-controller", true), (sts.RoleArn, sts.RoleSessionName, sts.TokenMatched));
        Assert.Equal(_world.Simulators.Sts.Issued[0].AccessKeyId, Assert.Single(_world.Simulators.Ecr.Requests).AccessKeyId);
        // The SDK's expiry of STS's one hour, which it reports up to a minute early (its refresh buffer).
        Assert.InRange(token.ExpiresAt, before.AddMinutes(59).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1).AddSeconds(1));
    }

    [Fact]
    public async Task SecondCall_UsesTheSdksCachedCredentials()
    {
        using var provider = new AwsRegistryProvider(Settings(null));

        var first = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, null, new CloudHttp(), Ct);
        var second = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, null, new CloudHttp(), Ct);

        Assert.Single(_world.Simulators.Sts.Requests);
        Assert.Equal(first.ExpiresAt, second.ExpiresAt);
    }

    [Fact]
    public async Task TokenFileStsRefuses_NamesTheControllersIdentity()
    {
        await File.WriteAllTextAsync(_tokenFile, "not-the-projected-token", Ct);
        using var provider = new AwsRegistryProvider(Settings(null));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, null, new CloudHttp(), Ct));

        Assert.StartsWith("the controller's web identity (AssumeRoleWithWebIdentity) failed: Error calling AssumeRole for role arn:aws:iam::123456789012:role/ocisource-controller: InvalidIdentityToken: ", error.Message, StringComparison.Ordinal);
    }

    private AwsProviderSettings Settings(string? sessionName) =>
        _world.Settings with { WebIdentity = new AwsWebIdentity(_tokenFile, ControllerRole, sessionName) };
}
