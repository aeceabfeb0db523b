using System.Net;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Testing;
using OciSource.Testing.Cloud.Azure;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>
/// The controller's own identity, chosen from the settings as Flux's chain does (workload identity from
/// <c>AZURE_FEDERATED_TOKEN_FILE</c>, else managed identity), through Azure.Identity's own credentials. Entra ID, IMDS
/// and ACR's exchange are loopback simulators (no cloud is reachable here) reached under their real names through the
/// object's proxy; the registry is the real distribution registry in token mode.
/// </summary>
[Collection(AzureCloudCollection.Name)]
public sealed class AzureControllerIdentityTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string ManagedIdentityClientId = "7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("azure-controller");
    private AzureCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TokenServer Tokens => fixture.Server.TokenServer!;

    public async ValueTask InitializeAsync()
    {
        _cloud = await AzureCloud.StartAsync(Ct);
        await AzureTestRepository.PushAsync(fixture, Ct);
        _cloud.Acr.CredentialIssued = Tokens.Accept;
    }

    public async ValueTask DisposeAsync()
    {
        Tokens.Revoke();
        await _cloud.DisposeAsync();
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    [Fact]
    public async Task WorkloadIdentity_FromTheFederatedTokenFile_PullsFromTheRegistry()
    {
        using var provider = new AzureRegistryProvider(WorkloadIdentitySettings("https://login.microsoftonline.com/"));

        var credential = await CredentialAsync(provider);
        await AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(credential.Username, credential.Password), Ct);

        var request = Assert.Single(_cloud.Entra.TokenRequests);
        Assert.Equal(
            (AzureCloud.PublicAuthority, AzureCloud.TenantId, AzureCloud.ClientId, "https://containerregistry.azure.net/.default", true),
            (request.Host, request.TenantId, request.ClientId, request.Scope, request.HasClientAssertion));
        Assert.Empty(_cloud.Imds.Requests);
    }

    [Fact]
    public async Task WorkloadIdentity_UsesTheConfiguredAuthorityHost()
    {
        using var provider = new AzureRegistryProvider(WorkloadIdentitySettings($"https://{AzureCloud.CustomAuthority}/"));

        await provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct);

        Assert.Equal(AzureCloud.CustomAuthority, Assert.Single(_cloud.Entra.TokenRequests).Host);
        Assert.Contains($"{AzureCloud.CustomAuthority}:443", _cloud.Proxy.Hosts);
    }

    [Fact]
    public async Task WorkloadIdentityWithoutAuthorityHost_IsNotChosen_ManagedIdentityIs()
    {
        var clientId = UniqueClientId();
        _cloud.Imds.AddUserAssignedIdentity(clientId);
        using var provider = new AzureRegistryProvider(WorkloadIdentitySettings(authorityHost: null) with { ClientId = clientId });

        await provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct);

        Assert.Empty(_cloud.Entra.TokenRequests);
        Assert.Equal(clientId, Assert.Single(_cloud.Imds.Requests).ClientId);
    }

    [Fact]
    public async Task ControllerCredential_IsKept_SoTheSdkServesItsCachedToken()
    {
        using var provider = new AzureRegistryProvider(WorkloadIdentitySettings("https://login.microsoftonline.com/"));

        var first = await provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct);
        var second = await provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct);

        Assert.Single(_cloud.Entra.TokenRequests);
        Assert.Equal(first.ExpiresAt, second.ExpiresAt);
    }

    [Fact]
    public async Task WorkloadIdentity_MissingTokenFile_FailsWithTheStep()
    {
        var settings = WorkloadIdentitySettings("https://login.microsoftonline.com/") with { FederatedTokenFile = Path.Combine(_work, "missing") };
        using var provider = new AzureRegistryProvider(settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct));

        Assert.StartsWith("failed to get an Entra ID access token with WorkloadIdentityCredential: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(_cloud.Entra.TokenRequests);
    }

    [Fact]
    public async Task SystemAssignedManagedIdentity_PullsFromTheRegistry()
    {
        _cloud.Imds.SystemAssignedClientId = ManagedIdentityClientId;
        using var provider = new AzureRegistryProvider(_cloud.Settings);

        var credential = await CredentialAsync(provider);
        await AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(credential.Username, credential.Password), Ct);

        var request = Assert.Single(_cloud.Imds.Requests);
        Assert.Equal(("/metadata/identity/oauth2/token", true, "https://containerregistry.azure.net", null, 200), (request.Path, request.HasMetadataHeader, request.Resource, request.ClientId, request.Status));
        Assert.Contains($"{ImdsSimulator.Host}:80", _cloud.Proxy.Hosts);
    }

    [Fact]
    public async Task UserAssignedManagedIdentity_IsAskedForByClientId()
    {
        var clientId = UniqueClientId();
        _cloud.Imds.AddUserAssignedIdentity(clientId);
        using var provider = new AzureRegistryProvider(_cloud.Settings with { ClientId = clientId });

        await CredentialAsync(provider);

        Assert.Equal(clientId, Assert.Single(_cloud.Imds.Requests).ClientId);
    }

    [Fact]
    public async Task ManagedIdentityNotAssigned_FailsWithImdsAnswer()
    {
        using var provider = new AzureRegistryProvider(_cloud.Settings with { ClientId = UniqueClientId() });

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct));

        Assert.StartsWith("failed to get an Entra ID access token with ManagedIdentityCredential: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Identity not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImdsDown_FailsWithTheStep()
    {
        var clientId = UniqueClientId();
        _cloud.Imds.AddUserAssignedIdentity(clientId);
        _cloud.Imds.Abort = true;
        using var provider = new AzureRegistryProvider(_cloud.Settings with { ClientId = clientId });

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct));

        Assert.StartsWith("failed to get an Entra ID access token with ManagedIdentityCredential: ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>MSAL keeps managed identity tokens in a process-wide cache: each test asks for its own identity.</summary>
    private static string UniqueClientId() => Guid.NewGuid().ToString();

    private AzureProviderSettings WorkloadIdentitySettings(string? authorityHost)
    {
        var file = Path.Combine(_work, "azure-identity-token");
        var token = ProjectedServiceAccountToken.Create("flux-system", "source-controller");
        File.WriteAllText(file, token);
        _cloud.Entra.AddWorkloadIdentity(AzureCloud.TenantId, AzureCloud.ClientId, token);
        return _cloud.Settings with { AuthorityHost = authorityHost, TenantId = AzureCloud.TenantId, ClientId = AzureCloud.ClientId, FederatedTokenFile = file };
    }

    private async Task<CloudRegistryCredential> CredentialAsync(AzureRegistryProvider provider)
    {
        var accessToken = await provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct);
        return await provider.GetRegistryCredentialAsync(provider.ParseRegistry(AzureCloud.Registry), accessToken, _cloud.Http, Ct);
    }
}
