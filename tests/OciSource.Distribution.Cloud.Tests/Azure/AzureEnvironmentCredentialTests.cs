using System.Net;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>
/// The first choice of Flux's chain: Azure.Identity's <c>EnvironmentCredential</c> (a client secret in
/// <c>AZURE_CLIENT_SECRET</c>), which reads the process environment itself — so these tests set it, alone, and restore
/// it. Entra ID and ACR's exchange are loopback simulators (no cloud is reachable here); the registry is real.
/// </summary>
[Collection(AzureEnvironmentCollection.Name)]
public sealed class AzureEnvironmentCredentialTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private static readonly string[] Variables = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private AzureCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cloud = await AzureCloud.StartAsync(Ct);
        await AzureTestRepository.PushAsync(fixture, Ct);
        _cloud.Acr.CredentialIssued = fixture.Server.TokenServer!.Accept;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        fixture.Server.TokenServer!.Revoke();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task ClientSecretInTheEnvironment_IsTheControllerIdentity_AndPulls()
    {
        const string secret = "env-secret-0123456789";
        _cloud.Entra.AddClientSecret(AzureCloud.TenantId, AzureCloud.ClientId, secret);
        SetEnvironment(secret);
        using var provider = new AzureRegistryProvider(AzureProviderSettings.FromEnvironment() with { AuthorityRootCertificates = _cloud.Settings.AuthorityRootCertificates });

        var accessToken = await provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct);
        var credential = await provider.GetRegistryCredentialAsync(AzureCloud.Registry, accessToken, _cloud.Http, Ct);
        await AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(credential.Username, credential.Password), Ct);

        var request = Assert.Single(_cloud.Entra.TokenRequests);
        Assert.Equal((AzureCloud.ClientId, true, false, 200), (request.ClientId, request.HasClientSecret, request.HasClientAssertion, request.Status));
        Assert.Empty(_cloud.Imds.Requests);
    }

    [Fact]
    public async Task WrongClientSecret_FailsWithEntrasAnswer_WithoutTheSecret()
    {
        const string secret = "env-secret-wrong-987654";
        _cloud.Entra.AddClientSecret(AzureCloud.TenantId, AzureCloud.ClientId, "the-right-one");
        SetEnvironment(secret);
        using var provider = new AzureRegistryProvider(AzureProviderSettings.FromEnvironment() with { AuthorityRootCertificates = _cloud.Settings.AuthorityRootCertificates });

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync(AzureCloud.Registry, null, _cloud.Http, Ct));

        Assert.StartsWith("failed to get an Entra ID access token with EnvironmentCredential: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    private static void SetEnvironment(string secret)
    {
        Environment.SetEnvironmentVariable("AZURE_TENANT_ID", AzureCloud.TenantId);
        Environment.SetEnvironmentVariable("AZURE_CLIENT_ID", AzureCloud.ClientId);
        Environment.SetEnvironmentVariable("AZURE_CLIENT_SECRET", secret);
    }
}
