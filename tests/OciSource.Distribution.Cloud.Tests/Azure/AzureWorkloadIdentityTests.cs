using System.Net;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Testing.Cloud.Azure;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>
/// Object-level workload identity: a ServiceAccount token as the client assertion of Azure.Identity's
/// <c>ClientAssertionCredential</c>, the Entra token exchanged at ACR, the refresh token pulled with from the real
/// registry. Entra ID and ACR's <c>/oauth2/exchange</c> are loopback simulators (no cloud is reachable here), reached
/// under their real names through the object's proxy; the registry is the real distribution registry in token mode.
/// </summary>
[Collection(AzureCloudCollection.Name)]
public sealed class AzureWorkloadIdentityTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string Namespace = "apps";
    private const string AccountName = "podinfo";
    private AzureCloud _cloud = null!;
    private AzureRegistryProvider _provider = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TokenServer Tokens => fixture.Server.TokenServer!;

    public async ValueTask InitializeAsync()
    {
        _cloud = await AzureCloud.StartAsync(Ct);
        _provider = new AzureRegistryProvider(_cloud.Settings);
        await AzureTestRepository.PushAsync(fixture, Ct);
        _cloud.Acr.CredentialIssued = Tokens.Accept;
    }

    public async ValueTask DisposeAsync()
    {
        Tokens.Revoke();
        _provider.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task ServiceAccountToken_IsExchangedForAnAcrRefreshToken_ThatPullsFromTheRegistry()
    {
        var workload = Workload(AzureCloud.TenantId, AzureCloud.ClientId);
        _cloud.Entra.AddWorkloadIdentity(AzureCloud.TenantId, AzureCloud.ClientId, workload.Token);

        var registry = _provider.ParseRegistry(AzureCloud.Registry);
        var accessToken = await _provider.GetAccessTokenAsync(AzureCloud.Registry, workload, _cloud.Http, Ct);
        var credential = await _provider.GetRegistryCredentialAsync(registry, accessToken, _cloud.Http, Ct);
        await AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(credential.Username, credential.Password), Ct);

        Assert.Equal("00000000-0000-0000-0000-000000000000", credential.Username);
        var request = Assert.Single(_cloud.Entra.TokenRequests);
        Assert.Equal(
            (AzureCloud.PublicAuthority, AzureCloud.TenantId, "client_credentials", AzureCloud.ClientId, "https://containerregistry.azure.net/.default", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", 200),
            (request.Host, request.TenantId, request.GrantType, request.ClientId, request.Scope, request.ClientAssertionType, request.Status));
        var exchange = Assert.Single(_cloud.Acr.Requests);
        Assert.Equal((AzureCloud.Registry, "2021-07-01", "access_token", AzureCloud.Registry, 200), (exchange.Host, exchange.ApiVersion, exchange.GrantType, exchange.Service, exchange.Status));
        Assert.Contains($"{AzureCloud.PublicAuthority}:443", _cloud.Proxy.Hosts);
        Assert.Contains($"{AzureCloud.Registry}:443", _cloud.Proxy.Hosts);
    }

    private static WorkloadToken Workload(string tenantId, string clientId, string? token = null) =>
        new(
            new ServiceAccountInfo(Namespace, AccountName, new Dictionary<string, string>
            {
                [AzureRegistryProvider.TenantIdAnnotation] = tenantId,
                [AzureRegistryProvider.ClientIdAnnotation] = clientId,
            }),
            token ?? ProjectedServiceAccountToken.Create(Namespace, AccountName));
}
