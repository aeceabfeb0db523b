using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>The client against the real registry in token-auth mode, counting what the token server is asked.</summary>
[Collection(TokenRegistryCollection.Name)]
public sealed class TokenAuthTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string PrivateRepository = "private/app";
    private const string PublicRepository = "public/app";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-token");
    private readonly RegistryServer _registry = fixture.Server;
    private TokenServer Tokens => _registry.TokenServer!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var files = Enumerable.Range(0, 5).ToDictionary(i => $"f{i}.txt", i => Encoding.UTF8.GetBytes($"file {i}"));
        await OrasPush.PushAsync(fixture.Tools, _registry, _work, PrivateRepository, "v1", files);
        await OrasPush.PushAsync(fixture.Tools, _registry, _work, PublicRepository, "v1", files);
        Tokens.ClearRequests();
    }

    [Fact]
    public async Task Credentials_ManyBlobReads_OneTokenRequestForTheScope()
    {
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, PrivateRepository, UserCredentials());

        var contents = await PullAllAsync(client);

        Assert.Equal(5, contents.Count);
        var request = Assert.Single(Tokens.Requests);
        Assert.Equal(("GET", _registry.Credential!.UserName), (request.Method, request.Subject));
        Assert.Equal(["repository:private/app:pull"], request.Scopes);
        Assert.Equal(Tokens.Service, request.Service);
    }

    [Fact]
    public async Task TwoClientsOfOneFactory_ShareTheCachedToken()
    {
        using var factory = new RegistryClientFactory();
        using (var first = Client(factory, PrivateRepository, UserCredentials()))
        {
            await first.ResolveAsync("v1", Ct);
        }

        using var second = Client(factory, PrivateRepository, UserCredentials());
        await second.ResolveAsync("v1", Ct);

        Assert.Single(Tokens.Requests);
    }

    [Fact]
    public async Task ExpiredToken_IsFetchedAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = new RegistryClientFactory(timeProvider: time);
        using var client = Client(factory, PrivateRepository, UserCredentials());
        await client.ResolveAsync("v1", Ct);

        time.Advance(Tokens.ExpiresIn);
        await client.ResolveAsync("v1", Ct);

        Assert.Equal(2, Tokens.Requests.Count);
    }

    [Fact]
    public async Task Anonymous_PublicRepository_PullsWithAnAnonymousToken()
    {
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, PublicRepository, AnonymousCredentials.Instance);

        Assert.Equal(5, (await PullAllAsync(client)).Count);
        Assert.All(Tokens.Requests, r => Assert.True(r.IsAnonymous));
    }

    [Fact]
    public async Task Anonymous_PrivateRepository_ThrowsUnauthorized()
    {
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, PrivateRepository, AnonymousCredentials.Instance);

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.ResolveAsync("v1", Ct));

        Assert.Contains("private/app", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_ThrowsUnauthorizedWithoutThePassword()
    {
        using var factory = new RegistryClientFactory();
        var credentials = new StaticCredentials(_registry.Host, RegistryCredential.FromUsernamePassword(_registry.Credential!.UserName, "wrong-password-123"));
        using var client = Client(factory, PrivateRepository, credentials);

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.ResolveAsync("v1", Ct));

        Assert.DoesNotContain("wrong-password-123", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("was refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityTokenFromDockerConfig_UsesTheRefreshTokenGrant()
    {
        using var factory = new RegistryClientFactory();
        var config = DockerConfigCredentials.Parse(new JsonObject
        {
            ["auths"] = new JsonObject { [_registry.Host] = new JsonObject { ["identitytoken"] = _registry.RefreshToken } },
        }.ToJsonString());
        using var client = Client(factory, PrivateRepository, config);

        await client.ResolveAsync("v1", Ct);

        var request = Assert.Single(Tokens.Requests);
        Assert.Equal(("POST", "refresh_token", 200), (request.Method, request.GrantType, request.Status));
    }

    [Fact]
    public async Task RegistryToken_IsSentAsBearerWithoutAskingTheTokenServer()
    {
        using var http = new HttpClient();
        var realm = new UriBuilder(Tokens.Realm) { Query = $"service={Tokens.Service}&scope=repository:{PrivateRepository}:pull" }.Uri;
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, realm);
        tokenRequest.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_registry.Credential!.UserName}:{_registry.Credential.Password}")));
        using var tokenResponse = await http.SendAsync(tokenRequest, Ct);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!.GetValue<string>();
        Tokens.ClearRequests();
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, PrivateRepository, new StaticCredentials(_registry.Host, RegistryCredential.Create(null, null, null, token)!));

        await client.ResolveAsync("v1", Ct);

        Assert.Empty(Tokens.Requests);
    }

    public ValueTask DisposeAsync()
    {
        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private StaticCredentials UserCredentials() =>
        new(_registry.Host, RegistryCredential.FromUsernamePassword(_registry.Credential!.UserName, _registry.Credential.Password));

    private RegistryClient Client(RegistryClientFactory factory, string repository, ICredentialStore credentials) =>
        factory.Create(RepositoryReference.Parse($"{_registry.Host}/{repository}"), new RegistryClientOptions { Credentials = credentials });

    private static async Task<List<string>> PullAllAsync(RegistryClient client)
    {
        var image = await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct);
        var contents = new List<string>();
        foreach (var layer in image.Manifest.Layers)
        {
            await using var blob = await client.OpenBlobAsync(layer, Ct);
            using var reader = new StreamReader(blob);
            contents.Add(await reader.ReadToEndAsync(Ct));
        }

        return contents;
    }
}
