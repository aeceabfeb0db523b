using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OciSource.Distribution.Client;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing.Proxies;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>A proxy address written with <c>user:password@</c> never shows its secret: not in errors, logs or options text.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ProxySecretTests(RegistryFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProxyUserInfoWithAWrongPassword_NeverAppearsInTheErrorOrTheLogs()
    {
        await using var proxy = await ProxyServer.StartHttpAsync(Ct);
        const string wrong = "wrong-proxy-secret-4711";
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = new LoggerFactory([logs]);
        using var factory = new RegistryClientFactory(loggerFactory);
        var address = new Uri($"http://{proxy.Credential.UserName}:{wrong}@{proxy.Address.Authority}");
        // Not a local name: HTTPS only, so the proxy's refusal is the error.
        using var client = factory.Create(
            RepositoryReference.Parse("registry.ocisource.invalid/app"),
            new RegistryClientOptions
            {
                Transport = new RegistryTransportOptions { Proxy = address },
                Retry = new RetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) },
            });

        var error = await Assert.ThrowsAnyAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));

        Assert.Contains($"proxy 'http://{proxy.Address.Authority}/' failed", error.Message, StringComparison.Ordinal);
        var everything = string.Join('\n', [error.ToString(), .. logs.Collector.GetSnapshot().Select(r => r.Message + r.Exception)]);
        Assert.DoesNotContain(wrong, everything, StringComparison.Ordinal);
        Assert.DoesNotContain($"{proxy.Credential.UserName}:", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyUserInfo_IsTheProxyCredential()
    {
        await using var proxy = await ProxyServer.StartHttpAsync(Ct);
        using var factory = new RegistryClientFactory();
        var address = new Uri($"http://{proxy.Credential.UserName}:{proxy.Credential.Password}@{proxy.Address.Authority}");
        using var client = factory.Create(
            RepositoryReference.Parse($"{fixture.Server.Host}/anon/userinfo"),
            new RegistryClientOptions { Transport = new RegistryTransportOptions { Proxy = address }, Retry = new RetryOptions { MaxRetries = 0 } });

        await client.PingAsync(Ct);

        await EventualLog.AssertContainsAsync(proxy.Log, "/v2/");
    }

    [Fact]
    public void TransportOptionsText_ShowsNoProxySecret()
    {
        var options = new RegistryClientOptions
        {
            Transport = new RegistryTransportOptions
            {
                Proxy = new Uri("http://someone:userinfo-secret@proxy.example:3128"),
                ProxyCredentials = new NetworkCredential("someone", "credential-secret"),
            },
        };

        var text = options.ToString();

        Assert.Contains("proxy.example:3128", text, StringComparison.Ordinal);
        Assert.DoesNotContain("userinfo-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("credential-secret", text, StringComparison.Ordinal);
    }
}
