using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>The token registry fixture is a real distribution registry that trusts only its token server's JWTs.</summary>
[Collection(TokenRegistryCollection.Name)]
public sealed class TokenRegistrySmokeTests : IDisposable
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("token-registry-smoke");
    private readonly RegistryServer _registry;
    private readonly TokenServer _tokens;
    private readonly Tools _tools;
    private readonly HttpClient _http;

    public TokenRegistrySmokeTests(TokenRegistryFixture fixture)
    {
        _registry = fixture.Server;
        _tokens = fixture.Server.TokenServer!;
        _tools = fixture.Tools;
        _http = _registry.CreateHttpClient();
        _tokens.ClearRequests();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OrasPushAndPull_WithCredentials_RoundTripsTheFileThroughTokens()
    {
        await PushAsync("private/oras:v1", "token auth round trip");

        await _tools.RunAsync(
            _tools.Oras, ["pull", $"{_registry.Host}/private/oras:v1", "-o", "out", .. _registry.OrasConnectionArguments()], Ct, workingDirectory: _work);

        Assert.Equal("token auth round trip", await File.ReadAllTextAsync(Path.Combine(_work, "out", "file.txt"), Ct));
        var requests = _tokens.Requests;
        Assert.Contains(requests, r => r.Subject == _registry.Credential!.UserName && r.Scopes.Contains("repository:private/oras:pull,push"));
        Assert.All(requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task OrasPull_WithIdentityToken_UsesTheRefreshTokenGrant()
    {
        await PushAsync("private/identity:v1", "pulled with an identity token");
        _tokens.ClearRequests();

        await _tools.RunAsync(
            _tools.Oras,
            ["pull", $"{_registry.Host}/private/identity:v1", "-o", "out", "--plain-http", "--identity-token", _registry.RefreshToken!],
            Ct,
            workingDirectory: _work);

        Assert.Equal("pulled with an identity token", await File.ReadAllTextAsync(Path.Combine(_work, "out", "file.txt"), Ct));
        var request = Assert.Single(_tokens.Requests);
        Assert.Equal(("POST", "refresh_token", _registry.Credential!.UserName), (request.Method, request.GrantType, request.Subject));
    }

    [Fact]
    public async Task AnonymousRequest_ToPrivateRepository_GetsABearerChallengeNamingRealmServiceAndScope()
    {
        using var response = await _http.GetAsync(new Uri("v2/private/app/manifests/v1", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains($"realm=\"{_tokens.Realm}\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains($"service=\"{_tokens.Service}\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"repository:private/app:pull\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousToken_ForThePublicPrefix_PullsTheManifest()
    {
        await PushAsync("public/app:v1", "anyone may read this");

        var token = await GetTokenAsync("repository:public/app:pull", credential: null);
        using var response = await GetManifestAsync("public/app", "v1", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(_tokens.Requests, r => r.Method == "GET" && r.IsAnonymous);
        Assert.Equal((_tokens.Service, (string?)null), (request.Service, request.GrantType));
        Assert.Equal(["repository:public/app:pull"], request.Scopes);
    }

    [Fact]
    public async Task AnonymousToken_ForAPrivateRepository_IsDeniedByTheRegistry()
    {
        await PushAsync("private/hidden:v1", "not for anonymous eyes");

        var token = await GetTokenAsync("repository:private/hidden:pull", credential: null);
        using var response = await GetManifestAsync("private/hidden", "v1", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("insufficient_scope", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicToken_ForTheUser_PullsAPrivateManifest()
    {
        await PushAsync("private/basic:v1", "basic to bearer");

        var token = await GetTokenAsync("repository:private/basic:pull", _registry.Credential);
        using var response = await GetManifestAsync("private/basic", "v1", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_registry.Credential!.UserName, Assert.Single(_tokens.Requests, r => r.Method == "GET").Subject);
    }

    [Fact]
    public async Task BasicToken_WithOfflineToken_AlsoReturnsTheRefreshToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_tokens.Realm, $"?service={_tokens.Service}&offline_token=true&client_id=ocisource-tests"));
        request.Headers.Authorization = TokenFetcher.Basic(_registry.Credential!);

        using var response = await _http.SendAsync(request, Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_registry.RefreshToken, body["refresh_token"]!.GetValue<string>());
        Assert.Equal("ocisource-tests", Assert.Single(_tokens.Requests).ClientId);
    }

    [Theory]
    [InlineData("?service=another-registry", null, HttpStatusCode.BadRequest)]
    [InlineData("?service=ocisource-test-registry&scope=repository-without-actions", null, HttpStatusCode.BadRequest)]
    [InlineData("?service=ocisource-test-registry", "Basic b2Npc291cmNlOndyb25n", HttpStatusCode.Unauthorized)]
    [InlineData("?service=ocisource-test-registry", "Bearer something", HttpStatusCode.Unauthorized)]
    public async Task GetToken_WithABadRequest_IsRefusedAndLogged(string query, string? authorization, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_tokens.Realm, query));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]);
        var logged = Assert.Single(_tokens.Requests);
        Assert.Equal(((int)expected, (string?)null), (logged.Status, logged.Subject));
    }

    [Fact]
    public async Task PasswordGrant_WithOfflineAccess_ReturnsAnAccessTokenAndTheRefreshToken()
    {
        await PushAsync("private/password:v1", "oauth2 password grant");
        _tokens.ClearRequests();

        var body = await PostTokenAsync(new()
        {
            ["grant_type"] = "password",
            ["username"] = _registry.Credential!.UserName,
            ["password"] = _registry.Credential.Password,
            ["service"] = _tokens.Service,
            ["scope"] = "repository:private/password:pull",
            ["client_id"] = "ocisource-tests",
            ["access_type"] = "offline",
        });
        using var response = await GetManifestAsync("private/password", "v1", body["access_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_registry.RefreshToken, body["refresh_token"]!.GetValue<string>());
        Assert.True(body["expires_in"]!.GetValue<long>() > 0);
        var request = Assert.Single(_tokens.Requests);
        Assert.Equal(("POST", "password", "ocisource-tests"), (request.Method, request.GrantType, request.ClientId));
        Assert.Equal(["repository:private/password:pull"], request.Scopes);
    }

    [Fact]
    public async Task RefreshTokenGrant_WithTheIdentityToken_ReturnsAWorkingAccessToken()
    {
        await PushAsync("private/refresh:v1", "oauth2 refresh grant");
        _tokens.ClearRequests();

        var body = await PostTokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = _registry.RefreshToken!,
            ["service"] = _tokens.Service,
            ["scope"] = "repository:private/refresh:pull",
            ["client_id"] = "ocisource-tests",
        });
        using var response = await GetManifestAsync("private/refresh", "v1", body["access_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(body["refresh_token"]);
        Assert.Equal(_registry.Credential!.UserName, Assert.Single(_tokens.Requests).Subject);
    }

    [Theory]
    [InlineData("password", "username", "wrong-password")]
    [InlineData("refresh_token", "refresh_token", "not-the-identity-token")]
    public async Task PostGrant_WithWrongSecret_IsUnauthorizedAndLoggedAsAnonymous(string grantType, string field, string value)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["username"] = _registry.Credential!.UserName,
            [field] = value,
            ["service"] = _tokens.Service,
            ["client_id"] = "ocisource-tests",
        });

        using var response = await _http.PostAsync(_tokens.Realm, form, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(value, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var request = Assert.Single(_tokens.Requests);
        Assert.Equal((401, (string?)null), (request.Status, request.Subject));
    }

    [Fact]
    public async Task ExpiresIn_IsWhatTheTokenServerAnnounces()
    {
        var previous = _tokens.ExpiresIn;
        _tokens.ExpiresIn = TimeSpan.FromSeconds(7);
        try
        {
            using var response = await _http.GetAsync(new Uri(_tokens.Realm, $"?service={_tokens.Service}"), Ct);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

            Assert.Equal(7, body["expires_in"]!.GetValue<long>());
        }
        finally
        {
            _tokens.ExpiresIn = previous;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private async Task PushAsync(string reference, string content)
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "file.txt"), content, Ct);
        await _tools.RunAsync(
            _tools.Oras, ["push", $"{_registry.Host}/{reference}", "file.txt", .. _registry.OrasConnectionArguments()], Ct, workingDirectory: _work);
    }

    private Task<string> GetTokenAsync(string scope, NetworkCredential? credential)
    {
        _tokens.ClearRequests();
        return TokenFetcher.GetAsync(_http, _tokens, scope, credential, Ct);
    }

    private async Task<JsonNode> PostTokenAsync(Dictionary<string, string> fields)
    {
        using var form = new FormUrlEncodedContent(fields);
        using var response = await _http.PostAsync(_tokens.Realm, form, Ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }

    private async Task<HttpResponseMessage> GetManifestAsync(string repository, string reference, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request, Ct);
    }
}
