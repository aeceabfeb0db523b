using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Cloud.Gcp;
using OciSource.Testing;
using OciSource.Testing.Proxies;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// The controller's own identity: the metadata server's token (<see cref="MetadataServerTokenSource"/>) or a
/// credential file (here <c>external_account</c>, workload identity federation). Google's endpoints are loopback
/// simulators (no cloud is reachable here); the proxy is the real <see cref="RoutingProxy"/>.
/// </summary>
public sealed class GcpControllerIdentityTests : IAsyncLifetime
{
    private const string WorkloadIdentityAudience = "//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/ci/providers/github";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
    private readonly string _work = TestEnvironment.CreateWorkDirectory("gcp-controller");
    private GcpTestCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cloud = await GcpTestCloud.StartAsync(Ct);

    public ValueTask DisposeAsync() => _cloud.DisposeAsync();

    [Fact]
    public async Task MetadataServer_IssuesTheControllerToken_WithFluxsScopes_UntilItExpires()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("europe-docker.pkg.dev", null, new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync("gcp", token, new CloudHttp(), Ct);

        Assert.Equal([token.Value], _cloud.Metadata.IssuedTokens);
        Assert.Equal(("oauth2accesstoken", token.Value), (credential.Username, credential.Password));
        Assert.Equal(_time.GetUtcNow().AddHours(1), token.ExpiresAt);
        Assert.Equal(token.ExpiresAt, credential.ExpiresAt);
        var request = Assert.Single(_cloud.Metadata.Requests);
        Assert.Equal("Google", request.Header("Metadata-Flavor"));
        Assert.Equal(
            "/computeMetadata/v1/instance/service-accounts/default/token?scopes=https://www.googleapis.com/auth/cloud-platform,https://www.googleapis.com/auth/userinfo.email",
            Uri.UnescapeDataString(request.PathAndQuery));
    }

    [Fact]
    public async Task MetadataToken_IsKept_AndFetchedAgainWhenTimePasses()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var first = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);
        var again = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);
        _time.Advance(TimeSpan.FromHours(1));
        var later = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal(first.Value, again.Value);
        Assert.NotEqual(first.Value, later.Value);
        Assert.Equal(2, _cloud.Metadata.Requests.Count);
    }

    [Fact]
    public async Task ExpiredMetadataToken_IsReportedExpired()
    {
        _cloud.Metadata.IssueExpiredTokens = true;
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var token = await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.True(token.ExpiresAt <= _time.GetUtcNow());
    }

    [Fact]
    public async Task MetadataServer_IsNeverProxied()
    {
        await using var proxy = new RoutingProxy();
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp { Proxy = proxy.Address }, Ct);

        Assert.Empty(proxy.Hosts);
        Assert.Single(_cloud.Metadata.Requests);
    }

    [Fact]
    public async Task MetadataServerErrorAnswer_NamesTheStepAndTheServersText()
    {
        _cloud.Metadata.FailWith(HttpStatusCode.NotFound, "service account default not found");
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal(
            "failed to get metadata server token: metadata server /computeMetadata/v1/instance/service-accounts/default/token failed: HTTP 404: service account default not found",
            error.Message);
    }

    [Fact]
    public async Task MetadataServerDown_FailsClearly()
    {
        var settings = _cloud.Settings;
        await _cloud.Metadata.StopAsync();
        using var provider = new GcpRegistryProvider(settings, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.StartsWith("failed to get metadata server token: metadata server /computeMetadata/v1/instance/service-accounts/default/token failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataServerFailure_IsNotRemembered_TheNextCallSucceeds()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);
        _cloud.Metadata.FailWith(HttpStatusCode.ServiceUnavailable, "try later");

        await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));
        _cloud.Metadata.Heal();
        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal([token.Value], _cloud.Metadata.IssuedTokens);
    }

    [Fact]
    public async Task CredentialFile_ExternalAccount_FederatesAndImpersonates_ThroughTheObjectsProxy()
    {
        await using var proxy = new RoutingProxy();
        proxy.Route("sts.googleapis.com", _cloud.Sts.Address);
        proxy.Route("iamcredentials.googleapis.com", _cloud.Iam.Address);
        var subjectTokenFile = Path.Combine(_work, "token");
        await File.WriteAllTextAsync(subjectTokenFile, GcpTestCloud.ProjectedToken, Ct);
        var credentialFile = await WriteCredentialFileAsync(subjectTokenFile);
        _cloud.Sts.ExpectedAudience = WorkloadIdentityAudience;
        using var provider = new GcpRegistryProvider(_cloud.Settings with { CredentialsFile = credentialFile }, time: _time);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp { Proxy = proxy.Address }, Ct);

        Assert.Contains(token.Value, _cloud.Iam.IssuedTokens);
        Assert.Equal(["sts.googleapis.com:80", "iamcredentials.googleapis.com:80"], proxy.Hosts.Distinct());
        Assert.Empty(_cloud.Metadata.Requests);
    }

    [Fact]
    public async Task CredentialFile_SubjectTokenFileMissing_FailsClearly()
    {
        var credentialFile = await WriteCredentialFileAsync(Path.Combine(_work, "no-token"));
        using var provider = new GcpRegistryProvider(_cloud.Settings with { CredentialsFile = credentialFile }, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.StartsWith("failed to get credential file token: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialFile_Missing_NamesTheFile()
    {
        var missing = Path.Combine(_work, "missing.json");
        using var provider = new GcpRegistryProvider(_cloud.Settings with { CredentialsFile = missing }, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.StartsWith($"failed to load the credential file {missing} (GOOGLE_APPLICATION_CREDENTIALS): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialFile_Unknown_Type_IsRejected()
    {
        var file = Path.Combine(_work, "odd.json");
        await File.WriteAllTextAsync(file, """{"type":"something_else"}""", Ct);
        using var provider = new GcpRegistryProvider(_cloud.Settings with { CredentialsFile = file }, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.StartsWith($"failed to load the credential file {file}", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> WriteCredentialFileAsync(string subjectTokenFile)
    {
        var path = Path.Combine(_work, "credentials.json");
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "external_account",
            ["audience"] = WorkloadIdentityAudience,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = "http://sts.googleapis.com/v1/token",
            ["service_account_impersonation_url"] = $"http://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/{GcpTestCloud.ServiceAccountEmail}:generateAccessToken",
            ["credential_source"] = new Dictionary<string, string> { ["file"] = subjectTokenFile },
        });
        await File.WriteAllTextAsync(path, json, Ct);
        return path;
    }
}
