using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>The secure registry fixture really requires TLS from its private CA and htpasswd credentials.</summary>
[Collection(SecureRegistryCollection.Name)]
public sealed class SecureRegistrySmokeTests(SecureRegistryFixture fixture) : IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("secure-registry-smoke");
    private readonly RegistryServer _registry = fixture.Server;

    [Fact]
    public async Task AnonymousRequest_IsChallengedWithBasicAuth()
    {
        using var http = _registry.CreateHttpClient();

        using var response = await http.GetAsync(new Uri("v2/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=\"ocisource-test\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientWithoutTheCa_FailsTheTlsHandshake()
    {
        using var http = new HttpClient { BaseAddress = _registry.BaseAddress };

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => http.GetAsync(new Uri("v2/", UriKind.Relative), TestContext.Current.CancellationToken));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task OrasPushWithCaAndCredentials_IsListedForAnAuthenticatedClient()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(_work, "secret.txt"), "behind basic auth", ct);
        await fixture.Tools.RunAsync(
            fixture.Tools.Oras,
            ["push", $"{_registry.Host}/secure/app:v2", "secret.txt", .. _registry.OrasConnectionArguments()],
            ct,
            workingDirectory: _work);

        using var http = _registry.CreateHttpClient();
        var credential = _registry.Credential!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}")));
        var tags = JsonNode.Parse(await http.GetStringAsync(new Uri("v2/secure/app/tags/list", UriKind.Relative), ct))!;

        Assert.Equal(["v2"], tags["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);
}
