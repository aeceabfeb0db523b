using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Cloud.Gcp;
using OciSource.Testing;
using OciSource.Testing.Cloud.Gcp;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// The credential file types beyond keys: <c>external_account</c> with a URL-sourced JSON subject token,
/// <c>external_account_authorized_user</c> (refresh token, client as HTTP Basic authentication) and
/// <c>impersonated_service_account</c> (a user's token impersonating a service account). Google's endpoints and the
/// subject token URL are loopback simulators (no cloud is reachable here).
/// </summary>
public sealed class GcpCredentialFileFederationTests : IAsyncLifetime
{
    private const string ClientId = "client-1.apps.googleusercontent.com";
    private const string ClientSecret = "client-secret-1";
    private const string RefreshToken = "1//refresh-token-1";
    private static readonly string[] Delegates = ["delegate@oci-source-project.iam.gserviceaccount.com"];
    private const string Audience = "//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/ci/providers/azure";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
    private readonly string _work = TestEnvironment.CreateWorkDirectory("gcp-credential-federation");
    private GcpTestCloud _cloud = null!;
    private GoogleOAuthServer _oauth = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cloud = await GcpTestCloud.StartAsync(Ct);
        _oauth = await GoogleOAuthServer.StartNewAsync(Ct);
        _oauth.AddUser(ClientId, ClientSecret, RefreshToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _oauth.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task ExternalAccount_UrlSourcedJsonSubjectToken_IsExchangedAtSts()
    {
        await using var subjectUrl = await GcpMetadataServer.StartNewAsync(Ct);
        subjectUrl.FixedAnswer = JsonSerializer.Serialize(new Dictionary<string, string> { ["access_token"] = GcpTestCloud.ProjectedToken });
        _cloud.Sts.ExpectedAudience = Audience;
        var file = await WriteAsync("external.json", new Dictionary<string, object>
        {
            ["type"] = "external_account",
            ["audience"] = Audience,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = _cloud.Sts.TokenEndpoint.AbsoluteUri,
            ["credential_source"] = new Dictionary<string, object>
            {
                ["url"] = new Uri(subjectUrl.Address, "metadata/identity/oauth2/token?resource=api").AbsoluteUri,
                ["headers"] = new Dictionary<string, string> { ["Metadata"] = "True" },
                ["format"] = new Dictionary<string, string> { ["type"] = "json", ["subject_token_field_name"] = "access_token" },
            },
        });
        using var provider = Provider(file);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal([token.Value], _cloud.Sts.IssuedTokens);
        Assert.Equal("True", Assert.Single(subjectUrl.Requests).Header("Metadata"));
        var form = QueryHelpers.ParseQuery(Assert.Single(_cloud.Sts.Requests).Body);
        Assert.Equal(GcpTestCloud.ProjectedToken, form["subject_token"]);
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email", form["scope"]);
    }

    [Fact]
    public async Task ExternalAccount_JsonSubjectTokenWithoutTheField_NamesTheField()
    {
        await using var subjectUrl = await GcpMetadataServer.StartNewAsync(Ct);
        subjectUrl.FixedAnswer = """{"other":"value"}""";
        var file = await WriteAsync("external.json", new Dictionary<string, object>
        {
            ["type"] = "external_account",
            ["audience"] = Audience,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["token_url"] = _cloud.Sts.TokenEndpoint.AbsoluteUri,
            ["credential_source"] = new Dictionary<string, object>
            {
                ["url"] = new Uri(subjectUrl.Address, "token").AbsoluteUri,
                ["format"] = new Dictionary<string, string> { ["type"] = "json", ["subject_token_field_name"] = "access_token" },
            },
        });
        using var provider = Provider(file);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal($"failed to get credential file token: the subject token in subject token URL {new Uri(subjectUrl.Address, "token")} has no string field 'access_token'", error.Message);
        Assert.Empty(_cloud.Sts.Requests);
    }

    [Fact]
    public async Task ExternalAccount_AwsCredentialSource_IsRefusedClearly()
    {
        var file = await WriteAsync("aws.json", new Dictionary<string, object>
        {
            ["type"] = "external_account",
            ["audience"] = Audience,
            ["subject_token_type"] = "urn:ietf:params:aws:token-type:aws4_request",
            ["credential_source"] = new Dictionary<string, string> { ["environment_id"] = "aws1", ["region_url"] = "http://169.254.169.254/latest/meta-data/placement/availability-zone" },
        });
        using var provider = Provider(file);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal(
            $"failed to load the credential file {file} (GOOGLE_APPLICATION_CREDENTIALS): credential_source.environment_id (an AWS-sourced subject token) is not supported; use a file or url credential_source",
            error.Message);
    }

    [Fact]
    public async Task ExternalAccountAuthorizedUser_RefreshTokenGrant_WithBasicClientAuthentication()
    {
        var file = await WriteAsync("workforce-user.json", new Dictionary<string, object>
        {
            ["type"] = "external_account_authorized_user",
            ["audience"] = "//iam.googleapis.com/locations/global/workforcePools/pool/providers/provider",
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["refresh_token"] = RefreshToken,
            ["token_url"] = _oauth.TokenEndpoint.AbsoluteUri,
        });
        using var provider = Provider(file);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal([token.Value], _oauth.IssuedTokens);
        var request = Assert.Single(_oauth.Requests);
        Assert.StartsWith("Basic ", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImpersonatedServiceAccount_AUsersTokenImpersonatesTheServiceAccount()
    {
        await using var iam = await GcpIamCredentialsServer.StartNewAsync(_oauth.Issued, Ct);
        iam.Allow(GcpTestCloud.ServiceAccountEmail);
        var file = await WriteAsync("impersonated.json", new Dictionary<string, object>
        {
            ["type"] = "impersonated_service_account",
            ["service_account_impersonation_url"] = new Uri(iam.Address, $"v1/projects/-/serviceAccounts/{GcpTestCloud.ServiceAccountEmail}:generateAccessToken").AbsoluteUri,
            ["delegates"] = Delegates,
            ["source_credentials"] = new Dictionary<string, string>
            {
                ["type"] = "authorized_user",
                ["client_id"] = ClientId,
                ["client_secret"] = ClientSecret,
                ["refresh_token"] = RefreshToken,
                ["token_uri"] = _oauth.TokenEndpoint.AbsoluteUri,
            },
        });
        using var provider = Provider(file);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal([token.Value], iam.IssuedTokens);
        var request = Assert.Single(iam.Requests);
        Assert.Equal("Bearer " + Assert.Single(_oauth.IssuedTokens), request.Header("Authorization"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["projects/-/serviceAccounts/delegate@oci-source-project.iam.gserviceaccount.com"], body.RootElement.GetProperty("delegates").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("3600s", body.RootElement.GetProperty("lifetime").GetString());
    }

    private GcpRegistryProvider Provider(string credentialsFile) =>
        new(_cloud.Settings with { CredentialsFile = credentialsFile }, time: _time);

    private async Task<string> WriteAsync(string name, Dictionary<string, object> content)
    {
        var path = Path.Combine(_work, name);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(content), Ct);
        return path;
    }
}
