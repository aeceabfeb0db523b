using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Cloud.Gcp;
using OciSource.Testing;
using OciSource.Testing.Cloud.Gcp;
using OciSource.Testing.Proxies;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// The credential file types the provider reads itself since it no longer uses Google's SDK: a <c>service_account</c>
/// key (an RS256 JWT the simulated token endpoint verifies with the key's public key) and an <c>authorized_user</c>
/// (refresh token grant). Google's token endpoint is a loopback simulator (no cloud is reachable here); the proxy is the
/// real <see cref="RoutingProxy"/>.
/// </summary>
public sealed class GcpCredentialFileTypesTests : IAsyncLifetime
{
    private const string ServiceAccount = "puller@oci-source-project.iam.gserviceaccount.com";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
    private readonly string _work = TestEnvironment.CreateWorkDirectory("gcp-credential-file");
    private GoogleOAuthServer _oauth = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _oauth = await GoogleOAuthServer.StartNewAsync(Ct);
        _oauth.Now = _time.GetUtcNow;
    }

    public ValueTask DisposeAsync() => _oauth.DisposeAsync();

    [Fact]
    public async Task ServiceAccountKey_SignsAJwt_TheTokenEndpointVerifiesWithThePublicKey()
    {
        var keyFile = _oauth.CreateServiceAccountKey(ServiceAccount);
        using var provider = Provider(await WriteAsync("key.json", keyFile));

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal([token.Value], _oauth.IssuedTokens);
        Assert.Equal(_time.GetUtcNow().AddHours(1), token.ExpiresAt);
        var form = QueryHelpers.ParseQuery(Assert.Single(_oauth.Requests).Body);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        var assertion = Assert.Single(_oauth.VerifiedAssertions);
        Assert.Equal(assertion, form["assertion"]);
        var parts = assertion.Split('.');
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        using var key = JsonDocument.Parse(keyFile);
        Assert.Equal(key.RootElement.GetProperty("private_key_id").GetString(), header.RootElement.GetProperty("kid").GetString());
        Assert.Equal(ServiceAccount, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(_oauth.TokenEndpoint.AbsoluteUri, claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email", claims.RootElement.GetProperty("scope").GetString());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), claims.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(_time.GetUtcNow().AddHours(1).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task ServiceAccountKey_TokenIsKept_AndRefreshedFiveMinutesBeforeItExpires_WithANewAssertion()
    {
        using var provider = Provider(await WriteAsync("key.json", _oauth.CreateServiceAccountKey(ServiceAccount)));

        var first = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);
        _time.Advance(TimeSpan.FromMinutes(54) + TimeSpan.FromSeconds(59));
        var kept = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        var refreshed = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal(first.Value, kept.Value);
        Assert.NotEqual(first.Value, refreshed.Value);
        Assert.Equal(_time.GetUtcNow().AddHours(1), refreshed.ExpiresAt);
        Assert.Equal(2, _oauth.VerifiedAssertions.Distinct().Count());
    }

    [Fact]
    public async Task ServiceAccountKey_TheTokenEndpointIsReachedThroughTheObjectsProxy()
    {
        await using var proxy = new RoutingProxy();
        proxy.Route("oauth2.googleapis.com", _oauth.Address);
        var keyFile = _oauth.CreateServiceAccountKey(ServiceAccount, new Uri("http://oauth2.googleapis.com/token"));
        using var provider = Provider(await WriteAsync("key.json", keyFile));

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp { Proxy = proxy.Address }, Ct);

        Assert.Equal([token.Value], _oauth.IssuedTokens);
        Assert.Equal(["oauth2.googleapis.com:80"], proxy.Hosts.Distinct());
    }

    [Fact]
    public async Task ServiceAccountKey_SignedWithAnotherKey_GooglesText_NoSecretShown()
    {
        var forged = GoogleOAuthServer.ForgeServiceAccountKey(_oauth.CreateServiceAccountKey(ServiceAccount));
        using var provider = Provider(await WriteAsync("forged.json", forged));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal($"failed to get credential file token: token endpoint {_oauth.TokenEndpoint} failed: HTTP 400: invalid_grant: Invalid JWT Signature.", error.Message);
        Assert.Empty(_oauth.VerifiedAssertions);
        var assertion = QueryHelpers.ParseQuery(Assert.Single(_oauth.Requests).Body)["assertion"].ToString();
        using var key = JsonDocument.Parse(forged);
        AssertNotShown(error, [assertion, .. PemLines(key.RootElement.GetProperty("private_key").GetString()!)]);
    }

    [Fact]
    public async Task ServiceAccountKey_NotAnRsaKey_FailsAtLoad_WithoutShowingIt()
    {
        const string NotAKey = "-----BEGIN PRIVATE KEY-----\nTm90QUtleUJ1dFNlY3JldE1hdGVyaWFs\n-----END PRIVATE KEY-----\n";
        var file = await WriteAsync("bad.json", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["client_email"] = ServiceAccount,
            ["private_key"] = NotAKey,
            ["token_uri"] = _oauth.TokenEndpoint.AbsoluteUri,
        }));
        using var provider = Provider(file);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.StartsWith($"failed to load the credential file {file} (GOOGLE_APPLICATION_CREDENTIALS): \"private_key\" is not an RSA private key in PEM", error.Message, StringComparison.Ordinal);
        AssertNotShown(error, "Tm90QUtleUJ1dFNlY3JldE1hdGVyaWFs");
        Assert.Empty(_oauth.Requests);
    }

    [Fact]
    public async Task ServiceAccountKey_WithoutClientEmail_NamesTheField()
    {
        var file = await WriteAsync("partial.json", """{"type":"service_account","private_key":"x"}""");
        using var provider = Provider(file);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal($"failed to load the credential file {file} (GOOGLE_APPLICATION_CREDENTIALS): the file has no \"client_email\"", error.Message);
    }

    [Fact]
    public async Task ServiceAccountKey_OfAnotherUniverse_IsASelfSignedJwtWithTheScopes_WithoutACall()
    {
        var key = JsonSerializer.Deserialize<Dictionary<string, string>>(_oauth.CreateServiceAccountKey(ServiceAccount))!;
        key["universe_domain"] = "s3nsapis.fr";
        using var provider = Provider(await WriteAsync("s3ns.json", JsonSerializer.Serialize(key)));

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("docker.s3nsregistry.fr", null, new CloudHttp(), Ct);

        Assert.Empty(_oauth.Requests);
        Assert.Equal(_time.GetUtcNow().AddHours(1), token.ExpiresAt);
        var parts = token.Value.Split('.');
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(key["private_key"]);
        Assert.True(rsa.VerifyData(
            System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(ServiceAccount, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(ServiceAccount, claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email", claims.RootElement.GetProperty("scope").GetString());
        Assert.False(claims.RootElement.TryGetProperty("aud", out _));
        Assert.Equal(_time.GetUtcNow().AddHours(1).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task AuthorizedUser_RefreshTokenGrant_AtTheTokenUri()
    {
        _oauth.AddUser("client-1.apps.googleusercontent.com", "client-secret-1", "1//refresh-token-1");
        var file = await WriteAsync("user.json", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "authorized_user",
            ["client_id"] = "client-1.apps.googleusercontent.com",
            ["client_secret"] = "client-secret-1",
            ["refresh_token"] = "1//refresh-token-1",
            ["token_uri"] = _oauth.TokenEndpoint.AbsoluteUri,
        }));
        using var provider = Provider(file);

        var token = (GcpAccessToken)await provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct);

        Assert.Equal([token.Value], _oauth.IssuedTokens);
        Assert.Equal("refresh_token", QueryHelpers.ParseQuery(Assert.Single(_oauth.Requests).Body)["grant_type"]);
    }

    [Fact]
    public async Task AuthorizedUser_RevokedRefreshToken_GooglesText_NoSecretShown()
    {
        _oauth.AddUser("client-1.apps.googleusercontent.com", "client-secret-1", "1//current");
        var file = await WriteAsync("user.json", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "authorized_user",
            ["client_id"] = "client-1.apps.googleusercontent.com",
            ["client_secret"] = "client-secret-1",
            ["refresh_token"] = "1//revoked",
            ["token_uri"] = _oauth.TokenEndpoint.AbsoluteUri,
        }));
        using var provider = Provider(file);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal($"failed to get credential file token: token endpoint {_oauth.TokenEndpoint} failed: HTTP 400: invalid_grant: Bad Request", error.Message);
        AssertNotShown(error, "1//revoked", "client-secret-1");
    }

    private static void AssertNotShown(Exception error, params string[] secrets) =>
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal));

    private static string[] PemLines(string pem) =>
        [.. pem.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("-----", StringComparison.Ordinal))];

    private GcpRegistryProvider Provider(string credentialsFile) =>
        new(new GcpProviderSettings { MetadataHost = "127.0.0.1:9", CredentialsFile = credentialsFile }, time: _time);

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_work, name);
        await File.WriteAllTextAsync(path, content, Ct);
        return path;
    }
}
