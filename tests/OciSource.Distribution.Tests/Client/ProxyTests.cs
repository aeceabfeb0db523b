using System.Net;
using System.Text;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Proxies;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>Registry traffic through real proxies with authentication: tinyproxy (HTTP) and microsocks (SOCKS5).</summary>
[Collection(RegistryCollection.Name)]
public sealed class ProxyTests(RegistryFixture fixture) : IAsyncLifetime
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-proxy");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly RegistryClientFactory _factory = new();
    private string _digest = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _digest = await OrasPush.PushAsync(
            fixture.Tools, _registry, _work, "anon/proxied", "v1", new Dictionary<string, byte[]> { ["p.txt"] = Encoding.UTF8.GetBytes("through the proxy") });

    [Fact]
    public async Task HttpProxyWithCredentials_CarriesEveryRequest()
    {
        await using var proxy = await ProxyServer.StartHttpAsync(Ct);
        using var client = Client(proxy.Address, proxy.Credential);

        var content = await PullAsync(client);

        Assert.Equal("through the proxy", content);
        await EventualLog.AssertContainsAsync(proxy.Log, "/v2/anon/proxied/manifests/v1");
        await EventualLog.AssertContainsAsync(proxy.Log, "/v2/anon/proxied/blobs/sha256:");
    }

    [Fact]
    public async Task HttpProxyWithWrongPassword_Fails()
    {
        await using var proxy = await ProxyServer.StartHttpAsync(Ct);
        using var client = Client(proxy.Address, new NetworkCredential(proxy.Credential.UserName, "wrong"));

        await Assert.ThrowsAnyAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));
    }

    [Fact]
    public async Task Socks5ProxyWithCredentials_CarriesTheConnection()
    {
        await using var proxy = await ProxyServer.StartSocks5Async(Ct);
        using var client = Client(proxy.Address, proxy.Credential);

        Assert.Equal(_digest, (await client.ResolveAsync("v1", Ct)).DigestText);
        await EventualLog.AssertContainsAsync(proxy.Log, $"connected to 127.0.0.1:{_registry.Port}");
    }

    public ValueTask DisposeAsync()
    {
        _factory.Dispose();
        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private RegistryClient Client(Uri proxy, NetworkCredential credential) =>
        _factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/anon/proxied"),
            new RegistryClientOptions
            {
                Transport = new RegistryTransportOptions { Proxy = proxy, ProxyCredentials = credential },
                Retry = new RetryOptions { MaxRetries = 0 },
            });

    private static async Task<string> PullAsync(RegistryClient client)
    {
        var image = await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct);
        await using var blob = await client.OpenBlobAsync(image.Manifest.Layers.Single(), Ct);
        using var reader = new StreamReader(blob);
        return await reader.ReadToEndAsync(Ct);
    }
}
