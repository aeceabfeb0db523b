using System.Net;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Distribution.Errors;
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

    [Fact]
    public async Task RefreshTokenTheRegistryWasNotToldOf_IsRefused()
    {
        _cloud.Acr.CredentialIssued = null;
        var credential = await ExchangeAsync(RegisteredWorkload());

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(
            () => AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(credential.Username, credential.Password), Ct));

        Assert.DoesNotContain(credential.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntraAccessTokenWithoutTheExchange_IsRefusedByTheRegistry()
    {
        var accessToken = (AzureAccessToken)await _provider.GetAccessTokenAsync(AzureCloud.Registry, RegisteredWorkload(), _cloud.Http, Ct);

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(
            () => AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(AzureRegistryProvider.RegistryUsername, accessToken.Token), Ct));
    }

    [Fact]
    public async Task RevokedRefreshToken_IsRefusedByTheRegistry()
    {
        var credential = await ExchangeAsync(RegisteredWorkload());
        await AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(credential.Username, credential.Password), Ct);

        Tokens.Revoke();

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(
            () => AzureTestRepository.ResolveAsync(fixture, new NetworkCredential(credential.Username, credential.Password), Ct));
    }

    [Fact]
    public async Task Credential_ExpiresWithTheRefreshToken()
    {
        _cloud.Acr.RefreshTokenLifetime = TimeSpan.FromMinutes(42);
        var before = DateTimeOffset.UtcNow;

        var credential = await ExchangeAsync(RegisteredWorkload());

        Assert.InRange(credential.ExpiresAt, before.AddMinutes(42).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(42).AddSeconds(1));
    }

    [Fact]
    public async Task ServiceAccountTokenForAnotherAudience_FailsWithEntrasNoMatchingRecord()
    {
        var token = ProjectedServiceAccountToken.Create(Namespace, AccountName, audience: "sts.amazonaws.com");
        _cloud.Entra.AddWorkloadIdentity(AzureCloud.TenantId, AzureCloud.ClientId, token);

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, Workload(AzureCloud.TenantId, AzureCloud.ClientId, token), _cloud.Http, Ct));

        Assert.Contains("AADSTS700212", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClientAssertionCredential", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_cloud.Acr.Requests);
    }

    [Fact]
    public async Task ExpiredServiceAccountToken_FailsWithEntrasTimeRangeError()
    {
        var token = ProjectedServiceAccountToken.Create(Namespace, AccountName, expiresAt: DateTimeOffset.UtcNow.AddMinutes(-5));
        _cloud.Entra.AddWorkloadIdentity(AzureCloud.TenantId, AzureCloud.ClientId, token);

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, Workload(AzureCloud.TenantId, AzureCloud.ClientId, token), _cloud.Http, Ct));

        Assert.Contains("AADSTS700024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertionThatIsNotTheProjectedToken_FailsSignatureValidation()
    {
        _cloud.Entra.AddWorkloadIdentity(AzureCloud.TenantId, AzureCloud.ClientId, ProjectedServiceAccountToken.Create(Namespace, AccountName));

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, Workload(AzureCloud.TenantId, AzureCloud.ClientId), _cloud.Http, Ct));

        Assert.Contains("AADSTS700027", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientIdOfNoApplication_FailsWithEntrasApplicationNotFound()
    {
        _cloud.Entra.AddWorkloadIdentity(AzureCloud.TenantId, AzureCloud.ClientId, ProjectedServiceAccountToken.Create(Namespace, AccountName));
        var other = "11111111-2222-3333-4444-555555555555";

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, Workload(AzureCloud.TenantId, other), _cloud.Http, Ct));

        Assert.Contains("AADSTS700016", error.Message, StringComparison.Ordinal);
        Assert.Contains(other, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AzureRegistryProvider.TenantIdAnnotation, "azure tenant ID is not set in the service account annotation azure.workload.identity/tenant-id")]
    [InlineData(AzureRegistryProvider.ClientIdAnnotation, "azure client ID is not set in the service account annotation azure.workload.identity/client-id")]
    public async Task MissingAnnotation_FailsWithFluxsMessage_BeforeAnyRequest(string annotation, string message)
    {
        var workload = Workload(AzureCloud.TenantId, AzureCloud.ClientId);
        var annotations = workload.Account.Annotations.Where(a => a.Key != annotation).ToDictionary();
        var account = workload.Account with { Annotations = annotations };

        var identityError = Assert.Throws<CloudProviderException>(() => _provider.GetIdentity(account));
        var tokenError = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, new WorkloadToken(account, workload.Token), _cloud.Http, Ct));

        Assert.Equal((message, message), (identityError.Message, tokenError.Message));
        Assert.Empty(_cloud.Entra.Requests);
    }

    [Fact]
    public async Task MalformedTenantAnnotation_FailsBeforeAnyRequest()
    {
        var workload = Workload("not a tenant/..", AzureCloud.ClientId);

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, workload, _cloud.Http, Ct));

        Assert.Contains("apps/podinfo", error.Message, StringComparison.Ordinal);
        Assert.Empty(_cloud.Entra.Requests);
    }

    [Fact]
    public async Task EntraDown_FailsWithTheStep()
    {
        var workload = RegisteredWorkload();
        _cloud.Entra.Abort = true;

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, workload, _cloud.Http, Ct));

        Assert.StartsWith("failed to get an Entra ID access token with ClientAssertionCredential: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(workload.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntraErrorAnswer_IsInTheMessage()
    {
        var workload = RegisteredWorkload();
        _cloud.Entra.Failure = new EntraError(400, "invalid_request", 90002, $"Tenant '{AzureCloud.TenantId}' not found.");

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, workload, _cloud.Http, Ct));

        Assert.Contains("AADSTS90002", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcrRefusal_IsInTheMessage_WithoutTheAccessToken()
    {
        var accessToken = (AzureAccessToken)await _provider.GetAccessTokenAsync(AzureCloud.Registry, RegisteredWorkload(), _cloud.Http, Ct);
        _cloud.Acr.Failure = (401, "UNAUTHORIZED", "the identity is not allowed to pull from this registry");

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetRegistryCredentialAsync(AzureCloud.Registry, accessToken, _cloud.Http, Ct));

        Assert.Equal(
            $"failed to exchange the Entra ID access token for an ACR refresh token at {AzureCloud.Registry}: HTTP 401: UNAUTHORIZED: the identity is not allowed to pull from this registry",
            error.Message);
        Assert.DoesNotContain(accessToken.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessTokenForAnotherAudience_IsRefusedByAcr()
    {
        _cloud.Acr.ExpectedAudience = "https://management.azure.com";

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => ExchangeAsync(RegisteredWorkload()));

        Assert.Contains("HTTP 401: UNAUTHORIZED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcrDown_FailsWithTheStep()
    {
        var accessToken = await _provider.GetAccessTokenAsync(AzureCloud.Registry, RegisteredWorkload(), _cloud.Http, Ct);
        _cloud.Acr.Abort = true;

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => _provider.GetRegistryCredentialAsync(AzureCloud.Registry, accessToken, _cloud.Http, Ct));

        Assert.StartsWith($"failed to exchange the Entra ID access token for an ACR refresh token at {AzureCloud.Registry}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredRefreshToken_IsNotReturned()
    {
        _cloud.Acr.RefreshTokenLifetime = TimeSpan.FromMinutes(-1);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => ExchangeAsync(RegisteredWorkload()));

        Assert.Contains("the refresh token expired at", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredAccessToken_IsNotSentToAcr()
    {
        var accessToken = await _provider.GetAccessTokenAsync(AzureCloud.Registry, RegisteredWorkload(), _cloud.Http, Ct);
        using var later = new AzureRegistryProvider(_cloud.Settings, time: new ShiftedTimeProvider(TimeSpan.FromHours(2)));

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => later.GetRegistryCredentialAsync(AzureCloud.Registry, accessToken, _cloud.Http, Ct));

        Assert.Contains("expired at", error.Message, StringComparison.Ordinal);
        Assert.Empty(_cloud.Acr.Requests);
    }

    [Fact]
    public async Task AlreadyExpiredEntraToken_IsNotSentToAcr()
    {
        _cloud.Entra.AccessTokenLifetime = TimeSpan.FromMinutes(-5);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => ExchangeAsync(RegisteredWorkload()));

        Assert.Contains($"the Entra ID access token for {AzureCloud.Registry} expired at", error.Message, StringComparison.Ordinal);
        Assert.Empty(_cloud.Acr.Requests);
    }

    [Theory]
    [InlineData(200, "{\"refresh_token\": \"not-a-jwt\"}", "the refresh token is not a JWT with an exp claim")]
    [InlineData(200, "{\"access_token\": \"x\"}", "the answer holds no refresh_token")]
    [InlineData(502, "<html>Bad Gateway</html>", "HTTP 502: <html>Bad Gateway</html>")]
    public async Task MalformedAcrAnswer_FailsClosed(int status, string body, string reason)
    {
        _cloud.Acr.RawAnswer = (status, body);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => ExchangeAsync(RegisteredWorkload()));

        Assert.Equal($"failed to exchange the Entra ID access token for an ACR refresh token at {AzureCloud.Registry}: {reason}", error.Message);
    }

    [Fact]
    public async Task OversizedAcrAnswer_IsCutOff()
    {
        _cloud.Acr.RawAnswer = (200, "{\"refresh_token\": \"" + new string('a', 100 * 1024) + "\"}");

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => ExchangeAsync(RegisteredWorkload()));

        Assert.Contains("the ACR token exchange answer exceeds the limit of 65536 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_IsNotAProviderError()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _provider.GetAccessTokenAsync(AzureCloud.Registry, RegisteredWorkload(), _cloud.Http, cancelled.Token));
    }

    [Fact]
    public async Task TokensAndCredentials_ShowNoSecretInToString()
    {
        var workload = RegisteredWorkload();
        var accessToken = (AzureAccessToken)await _provider.GetAccessTokenAsync(AzureCloud.Registry, workload, _cloud.Http, Ct);
        var credential = await _provider.GetRegistryCredentialAsync(AzureCloud.Registry, accessToken, _cloud.Http, Ct);

        var shown = string.Join('\n', workload.ToString(), accessToken.ToString(), credential.ToString(), _cloud.Settings.ToString());

        Assert.DoesNotContain(workload.Token, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(accessToken.Token, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Password, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audiences_AreEntrasTokenExchangeAudience()
    {
        var audiences = await _provider.GetAudiencesAsync(RegisteredWorkload().Account, _cloud.Http, Ct);

        Assert.Equal(["api://AzureADTokenExchange"], audiences);
        Assert.Equal($"{AzureCloud.TenantId}/{AzureCloud.ClientId}", _provider.GetIdentity(RegisteredWorkload().Account));
    }

    private WorkloadToken RegisteredWorkload()
    {
        var workload = Workload(AzureCloud.TenantId, AzureCloud.ClientId);
        _cloud.Entra.AddWorkloadIdentity(AzureCloud.TenantId, AzureCloud.ClientId, workload.Token);
        return workload;
    }

    private async Task<CloudRegistryCredential> ExchangeAsync(WorkloadToken workload)
    {
        var accessToken = await _provider.GetAccessTokenAsync(AzureCloud.Registry, workload, _cloud.Http, Ct);
        return await _provider.GetRegistryCredentialAsync(_provider.ParseRegistry(AzureCloud.Registry), accessToken, _cloud.Http, Ct);
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
