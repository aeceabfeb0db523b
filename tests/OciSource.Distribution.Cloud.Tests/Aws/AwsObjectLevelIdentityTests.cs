using Amazon.Runtime;
using OciSource.Distribution.Cloud.Aws;
using OciSource.Testing.Cloud.Aws;
using OciSource.Testing.Proxies;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>
/// Object-level workload identity on AWS: a ServiceAccount token exchanged at STS (AssumeRoleWithWebIdentity), then
/// ECR GetAuthorizationToken, then the real registry. STS and ECR are loopback simulators (no cloud is reachable here);
/// the registry is the real one in token-auth mode, accepting only what the ECR simulator issued.
/// </summary>
[Collection(AwsRegistryCollection.Name)]
public sealed class AwsObjectLevelIdentityTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private AwsTestWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StsSimulator Sts => _world.Simulators.Sts;

    private EcrSimulator Ecr => _world.Simulators.Ecr;

    public async ValueTask InitializeAsync() => _world = await AwsTestWorld.StartAsync(fixture, Ct);

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task ServiceAccountToken_ExchangedCredential_PullsFromTheRegistry()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);
        var workload = _world.Workload();

        var input = provider.ParseRegistry(AwsTestWorld.EcrHost);
        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, workload, new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync(input, token, new CloudHttp(), Ct);
        await _world.ResolveWithAsync(credential, Ct);

        Assert.Equal("AWS", credential.Username);
        var sts = Assert.Single(Sts.Requests);
        Assert.Equal((AwsTestWorld.RoleArn, "puller.apps.eu-west-1.fluxcd.io", true, null), (sts.RoleArn, sts.RoleSessionName, sts.TokenMatched, sts.ErrorCode));
        var ecr = Assert.Single(Ecr.Requests);
        Assert.Equal((Sts.Issued[0].AccessKeyId, "eu-west-1", "ecr", null), (ecr.AccessKeyId, ecr.Region, ecr.Service, ecr.ErrorCode));
        Assert.Contains(_world.Tokens.Requests, r => r.Subject == "AWS" && r.Status == 200);
    }

    [Fact]
    public async Task IssuedCredential_Revoked_RegistryRefusesIt()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);
        var credential = await ExchangeAsync(provider, _world.Workload());

        _world.Tokens.Revoke();

        await Assert.ThrowsAnyAsync<Exception>(() => _world.ResolveWithAsync(credential, Ct));
    }

    [Fact]
    public async Task Expiry_IsWhatStsAndEcrSaid()
    {
        Sts.CredentialLifetime = TimeSpan.FromMinutes(30);
        Ecr.TokenLifetime = TimeSpan.FromHours(2);
        using var provider = new AwsRegistryProvider(_world.Settings);
        var before = DateTimeOffset.UtcNow;

        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync(AwsTestWorld.Region, token, new CloudHttp(), Ct);

        Assert.InRange(token.ExpiresAt, before.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(30).AddSeconds(1));
        Assert.InRange(credential.ExpiresAt, before.AddHours(2).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
        Assert.DoesNotContain(Sts.Issued[0].SecretAccessKey, token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Password, credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EcrPublic_SignsForEcrPublicInUsEast1()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);

        var input = provider.ParseRegistry("public.ecr.aws");
        var token = await provider.GetAccessTokenAsync("public.ecr.aws", _world.Workload(), new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync(input, token, new CloudHttp(), Ct);
        await _world.ResolveWithAsync(credential, Ct);

        Assert.Equal("puller.apps.us-east-1.fluxcd.io", Assert.Single(Sts.Requests).RoleSessionName);
        var ecr = Assert.Single(_world.Simulators.EcrPublic.Requests);
        Assert.Equal(("us-east-1", "ecr-public", "SpencerFrontendService.GetAuthorizationToken", null), (ecr.Region, ecr.Service, ecr.Target, ecr.ErrorCode));
    }

    [Fact]
    public async Task ProviderCalls_GoThroughTheObjectsProxy_UnderTheRealHostNames()
    {
        await using var proxy = new RoutingProxy();
        proxy.Route("sts.eu-west-1.amazonaws.com", Sts.Address);
        proxy.Route("api.ecr.eu-west-1.amazonaws.com", Ecr.Address);
        var settings = _world.Settings with
        {
            StsEndpoint = new Uri("http://sts.eu-west-1.amazonaws.com"),
            EcrEndpoint = new Uri("http://api.ecr.eu-west-1.amazonaws.com"),
        };
        using var provider = new AwsRegistryProvider(settings);
        var http = new CloudHttp { Proxy = proxy.Address };

        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), http, Ct);
        var credential = await provider.GetRegistryCredentialAsync(AwsTestWorld.Region, token, http, Ct);
        await _world.ResolveWithAsync(credential, Ct);

        Assert.Equal(["sts.eu-west-1.amazonaws.com:80", "api.ecr.eu-west-1.amazonaws.com:80"], proxy.Hosts);
        Assert.Equal("api.ecr.eu-west-1.amazonaws.com", Assert.Single(Ecr.Requests).Host);
    }

    [Fact]
    public async Task WrongServiceAccountToken_InvalidIdentityToken()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);
        _world.Workload();
        var other = new WorkloadToken(AwsTestWorld.Account(), StsSimulator.CreateServiceAccountToken("sts.amazonaws.com", DateTimeOffset.UtcNow.AddHours(1)));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, other, new CloudHttp(), Ct));

        Assert.StartsWith("STS AssumeRoleWithWebIdentity for ServiceAccount apps/puller failed: InvalidIdentityToken: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenForAnotherAudience_Refused()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);
        var workload = _world.Workload(audience: "https://kubernetes.default.svc");

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, workload, new CloudHttp(), Ct));

        Assert.EndsWith("InvalidIdentityToken: Incorrect token audience", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredServiceAccountToken_ExpiredTokenException()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);
        var workload = _world.Workload(expiresAt: DateTimeOffset.UtcNow.AddHours(-1));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, workload, new CloudHttp(), Ct));

        Assert.Contains("failed: ExpiredTokenException: Token expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleTheTokenMayNotAssume_AccessDenied()
    {
        Sts.ExpectedRoleArn = "arn:aws:iam::123456789012:role/someone-else";
        using var provider = new AwsRegistryProvider(_world.Settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct));

        Assert.Contains("failed: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRoleAnnotation_FluxMessage_NothingAsked()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);
        var workload = new WorkloadToken(new ServiceAccountInfo("apps", "puller", new Dictionary<string, string>()), "token");

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, workload, new CloudHttp(), Ct));

        Assert.StartsWith("invalid eks.amazonaws.com/role-arn annotation: ''. must match ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Sts.Requests);
    }

    [Fact]
    public async Task StsDown_NamesTheStep()
    {
        var down = await StsSimulator.StartAsync(new AwsCredentialStore(), Ct);
        var address = down.Address;
        await down.DisposeAsync();
        using var provider = new AwsRegistryProvider(_world.Settings with { StsEndpoint = address });

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct));

        Assert.StartsWith("STS AssumeRoleWithWebIdentity for ServiceAccount apps/puller failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StsInternalFailure_NamesTheCode()
    {
        Sts.Failure = StsFailure.InternalFailure;
        using var provider = new AwsRegistryProvider(_world.Settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct));

        Assert.Contains("failed: InternalFailure: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EcrDown_NamesTheStep()
    {
        var down = await EcrSimulator.StartAsync(new AwsCredentialStore(), AwsTestWorld.Region, isPublic: false, Ct);
        var address = down.Address;
        await down.DisposeAsync();
        using var provider = new AwsRegistryProvider(_world.Settings with { EcrEndpoint = address });
        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetRegistryCredentialAsync(AwsTestWorld.Region, token, new CloudHttp(), Ct));

        Assert.StartsWith("ECR GetAuthorizationToken at 127.0.0.1 failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EcrAccessDenied_ProvidersErrorText()
    {
        Ecr.Failure = EcrFailure.AccessDenied;
        using var provider = new AwsRegistryProvider(_world.Settings);
        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetRegistryCredentialAsync(AwsTestWorld.Region, token, new CloudHttp(), Ct));

        Assert.StartsWith("ECR GetAuthorizationToken failed (HTTP 400): AccessDeniedException: User: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StsIssuedExpiredCredentials_EcrSaysExpiredToken()
    {
        Sts.CredentialLifetime = TimeSpan.FromMinutes(-1);
        using var provider = new AwsRegistryProvider(_world.Settings);
        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetRegistryCredentialAsync(AwsTestWorld.Region, token, new CloudHttp(), Ct));

        Assert.Equal("ECR GetAuthorizationToken failed (HTTP 400): ExpiredTokenException: The security token included in the request is expired", error.Message);
    }

    [Fact]
    public async Task WrongSecretKey_InvalidSignature_NoSecretInTheMessage()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);
        await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, _world.Workload(), new CloudHttp(), Ct);
        var issued = Sts.Issued[0];
        var forged = new AwsCredentialsToken(new ImmutableCredentials(issued.AccessKeyId, "not-the-secret", issued.SessionToken), DateTimeOffset.MaxValue);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetRegistryCredentialAsync(AwsTestWorld.Region, forged, new CloudHttp(), Ct));

        Assert.StartsWith("ECR GetAuthorizationToken failed (HTTP 400): InvalidSignatureException: The request signature we calculated does not match", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.SessionToken!, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostOfAnotherProvider_FluxMessage_NothingAsked()
    {
        using var provider = new AwsRegistryProvider(_world.Settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("myregistry.azurecr.io", _world.Workload(), new CloudHttp(), Ct));

        Assert.StartsWith("invalid AWS registry: 'myregistry.azurecr.io'. must match ", error.Message, StringComparison.Ordinal);
        Assert.Empty(Sts.Requests);
    }

    private static async Task<CloudRegistryCredential> ExchangeAsync(AwsRegistryProvider provider, WorkloadToken workload)
    {
        var token = await provider.GetAccessTokenAsync(AwsTestWorld.EcrHost, workload, new CloudHttp(), Ct);
        return await provider.GetRegistryCredentialAsync(AwsTestWorld.Region, token, new CloudHttp(), Ct);
    }
}
