using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Cloud.Gcp;
using OciSource.Testing.Proxies;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// Object-level workload identity: the ServiceAccount token exchanged at STS (audience from the GKE metadata or the
/// workload identity provider annotation), then, with <c>iam.gke.io/gcp-service-account</c>, the service account
/// impersonated through IAM Credentials. STS, IAM Credentials and the metadata server are loopback simulators (no cloud is
/// reachable here); the proxy is the real <see cref="RoutingProxy"/>.
/// </summary>
public sealed class GcpWorkloadIdentityTests : IAsyncLifetime
{
    private const string WorkloadIdentityProvider = "projects/123456789/locations/global/workloadIdentityPools/flux/providers/cluster";
    private static readonly (string, string) Impersonate = ("iam.gke.io/gcp-service-account", GcpTestCloud.ServiceAccountEmail);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
    private GcpTestCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cloud = await GcpTestCloud.StartAsync(Ct);

    public ValueTask DisposeAsync() => _cloud.DisposeAsync();

    [Fact]
    public async Task WithoutServiceAccountAnnotation_TheFederatedTokenIsUsedDirectly()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(), new CloudHttp(), Ct);

        Assert.Equal([token.Value], _cloud.Sts.IssuedTokens);
        Assert.Empty(_cloud.Iam.Requests);
        Assert.Equal(_time.GetUtcNow().AddHours(1), token.ExpiresAt);
        var form = QueryHelpers.ParseQuery(Assert.Single(_cloud.Sts.Requests).Body);
        Assert.Equal(_cloud.GkeAudience, form["audience"]);
        Assert.Equal(GcpTestCloud.ProjectedToken, form["subject_token"]);
        Assert.Equal("urn:ietf:params:oauth:token-type:jwt", form["subject_token_type"]);
    }

    [Fact]
    public async Task WithServiceAccountAnnotation_TheServiceAccountIsImpersonated()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(Impersonate), new CloudHttp(), Ct);

        Assert.Equal([token.Value], _cloud.Iam.IssuedTokens);
        var request = Assert.Single(_cloud.Iam.Requests);
        Assert.Equal($"/v1/projects/-/serviceAccounts/{GcpTestCloud.ServiceAccountEmail}:generateAccessToken", request.PathAndQuery);
        Assert.Equal("Bearer " + Assert.Single(_cloud.Sts.IssuedTokens), request.Header("Authorization"));
        Assert.Contains("https://www.googleapis.com/auth/cloud-platform", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkloadIdentityProviderAnnotation_IsTheStsAudience_OutsideGke()
    {
        _cloud.Sts.ExpectedAudience = "//iam.googleapis.com/" + WorkloadIdentityProvider;
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);
        var workload = GcpTestCloud.Workload(("gcp.auth.fluxcd.io/workload-identity-provider", WorkloadIdentityProvider), Impersonate);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", workload, new CloudHttp(), Ct);

        Assert.Contains(token.Value, _cloud.Iam.IssuedTokens);
        Assert.Empty(_cloud.Metadata.Requests);
    }

    [Fact]
    public async Task WrongAudience_StsRefuses_WithItsOwnText()
    {
        _cloud.Sts.ExpectedAudience = "identitynamespace:other-project.svc.id.goog:https://container.googleapis.com/v1/projects/other/locations/x/clusters/y";
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(), new CloudHttp(), Ct));

        Assert.Equal(
            "failed to get workload identity token: STS token exchange failed: HTTP 400: invalid_grant: The audience in ID Token does not match the expected audience.",
            error.Message);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task UnknownSubjectToken_StsRefuses()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);
        var stranger = new WorkloadToken(GcpTestCloud.Account(), "eyJhbGciOiJSUzI1NiJ9.someone-else.signature");

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", stranger, new CloudHttp(), Ct));

        Assert.Contains("STS token exchange failed: HTTP 400: invalid_grant", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("someone-else", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StsDown_NamesTheStep()
    {
        await _cloud.Sts.StopAsync();
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(), new CloudHttp(), Ct));

        Assert.StartsWith("failed to get workload identity token: STS token exchange failed: ", error.Message, StringComparison.Ordinal);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task StsServerError_NamesTheStepAndTheText()
    {
        _cloud.Sts.FailWith(HttpStatusCode.InternalServerError, "backend error");
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(), new CloudHttp(), Ct));

        Assert.Equal("failed to get workload identity token: STS token exchange failed: HTTP 500: server_error: backend error", error.Message);
    }

    [Fact]
    public async Task OversizedStsAnswer_IsRefused()
    {
        _cloud.Sts.SendOversizedAnswers = true;
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(), new CloudHttp(), Ct));

        Assert.Equal(
            "failed to get workload identity token: STS token exchange failed: HTTP 200: STS token exchange answer exceeds the limit of 262144 bytes",
            error.Message);
    }

    [Fact]
    public async Task ImpersonationDenied_IamsOwnText()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);
        var workload = GcpTestCloud.Workload(("iam.gke.io/gcp-service-account", "other@oci-source-project.iam.gserviceaccount.com"));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", workload, new CloudHttp(), Ct));

        Assert.Equal(
            "failed to get workload identity token: IAM Credentials generateAccessToken failed: HTTP 403: PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
            error.Message);
        AssertNoSecret(error);
    }

    [Fact]
    public async Task IamDown_NamesTheStep()
    {
        await _cloud.Iam.StopAsync();
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(Impersonate), new CloudHttp(), Ct));

        Assert.StartsWith("failed to get workload identity token: IAM Credentials generateAccessToken failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredImpersonatedToken_IsReportedExpired()
    {
        _cloud.Iam.IssueExpiredTokens = true;
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var token = await provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(Impersonate), new CloudHttp(), Ct);

        Assert.True(token.ExpiresAt <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task MalformedServiceAccountAnnotation_FluxsMessage_BeforeAnyCall()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);
        var workload = GcpTestCloud.Workload(("iam.gke.io/gcp-service-account", "bad"));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", workload, new CloudHttp(), Ct));

        Assert.StartsWith("invalid iam.gke.io/gcp-service-account annotation: 'bad'. must match ", error.Message, StringComparison.Ordinal);
        Assert.Empty(_cloud.Sts.Requests);
    }

    [Fact]
    public async Task StsAndIam_GoThroughTheObjectsProxy_TheMetadataServerDoesNot()
    {
        await using var proxy = new RoutingProxy();
        proxy.Route("sts.googleapis.com", _cloud.Sts.Address);
        proxy.Route("iamcredentials.googleapis.com", _cloud.Iam.Address);
        var settings = _cloud.Settings with
        {
            StsTokenEndpoint = new Uri("http://sts.googleapis.com/v1/token"),
            IamCredentialsEndpoint = new Uri("http://iamcredentials.googleapis.com/"),
        };
        using var provider = new GcpRegistryProvider(settings, time: _time);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", GcpTestCloud.Workload(Impersonate), new CloudHttp { Proxy = proxy.Address }, Ct);

        Assert.Contains(token.Value, _cloud.Iam.IssuedTokens);
        Assert.Equal(["sts.googleapis.com:80", "iamcredentials.googleapis.com:80"], proxy.Hosts.Distinct());
        Assert.Equal(3, _cloud.Metadata.Requests.Count);
    }

    [Fact]
    public async Task Tokens_NeverShow()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings, time: _time);
        var workload = GcpTestCloud.Workload(Impersonate);

        var token = await provider.GetAccessTokenAsync("gcr.io", workload, new CloudHttp(), Ct);
        var credential = await provider.GetRegistryCredentialAsync("gcp", token, new CloudHttp(), Ct);

        var shown = string.Join("\n", token.ToString(), credential.ToString(), workload.ToString());
        Assert.All(_cloud.Secrets, secret => Assert.DoesNotContain(secret, shown, StringComparison.Ordinal));
    }

    private void AssertNoSecret(Exception error) =>
        Assert.All(_cloud.Secrets, secret => Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal));
}
