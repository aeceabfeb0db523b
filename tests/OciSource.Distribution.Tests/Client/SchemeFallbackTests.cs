using System.Text;
using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Client;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Hostile;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>
/// Plain HTTP is tried only when the HTTPS connection met a server that does not speak TLS — never after a
/// certificate check failed — and the answer is remembered per transport and credential, for a limited time.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class SchemeFallbackTests(RegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "fallback/app";
    private static readonly TimeSpan DecisionLifetime = SchemeFallbackHandler.DecisionLifetime;
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-fallback");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await OrasPush.PushAsync(
            fixture.Tools, fixture.Server, _work, Repository, "v1", new Dictionary<string, byte[]> { ["f.txt"] = Encoding.UTF8.GetBytes("fallback") });

    [Fact]
    public async Task UntrustedCertificate_OnAPortThatAlsoSpeaksPlainHttp_NeverFallsBack()
    {
        await using var front = DualProtocolFront.Start(fixture.Server.BaseAddress);
        using var factory = new RegistryClientFactory();
        using var client = factory.Create(
            RepositoryReference.Parse($"{front.Host}/{Repository}"), new RegistryClientOptions { Retry = new RetryOptions { MaxRetries = 0 } });

        var error = await Assert.ThrowsAnyAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));

        Assert.True(front.TlsHandshakes > 0);
        Assert.DoesNotContain(front.Requests, r => !r.OverTls);
        Assert.Contains("certificate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A registry named without a port falls back to <c>http://host</c> (port 80), as go-containerregistry pings it —
    /// not to <c>http://host:443</c>, whose authority no credential for <c>host</c> matches (the pull then went
    /// anonymous; found by the ECR controller test). The host name reaches the registry through a routing proxy.
    /// </summary>
    [Fact]
    public async Task RegistryWithoutAPort_FallsBackToPlainHttpOnPort80()
    {
        await using var proxy = new Testing.Proxies.RoutingProxy();
        proxy.Route("registry.example", fixture.Server.BaseAddress);
        using var factory = new RegistryClientFactory();
        using var client = factory.Create(
            RepositoryReference.Parse($"registry.example/{Repository}"),
            new RegistryClientOptions { Transport = new RegistryTransportOptions { Insecure = true, Proxy = proxy.Address }, Retry = new RetryOptions { MaxRetries = 0 } });

        await client.ResolveAsync("v1", Ct);

        Assert.Equal("registry.example:443", proxy.Hosts[0]);
        Assert.Contains("registry.example:80", proxy.Hosts);
        Assert.DoesNotContain(proxy.Hosts.Skip(1), h => h == "registry.example:443");
    }

    [Fact]
    public async Task PlainHttpDecision_ExpiresAfterItsLifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = new RegistryClientFactory(timeProvider: time);
        await using var proxy = HostileProxy.Start();
        using var client = factory.Create(
            RepositoryReference.Parse($"{fixture.Server.Host}/{Repository}"),
            new RegistryClientOptions { Transport = new RegistryTransportOptions { Proxy = proxy.Address }, Retry = new RetryOptions { MaxRetries = 0 } });

        await Assert.ThrowsAnyAsync<RegistryException>(() => client.PingAsync(Ct));
        Assert.Equal(1, proxy.Connects);
        var plainBefore = PlainPings(proxy);

        time.Advance(DecisionLifetime - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<RegistryException>(() => client.PingAsync(Ct));
        Assert.True(PlainPings(proxy) > plainBefore);
        Assert.Equal(1, proxy.Connects);

        time.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<RegistryException>(() => client.PingAsync(Ct));
        Assert.Equal(2, proxy.Connects);
    }

    public ValueTask DisposeAsync()
    {
        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private static int PlainPings(HostileProxy proxy) =>
        proxy.Requests.Count(r => r.Method != "CONNECT" && r.Target.StartsWith("http://", StringComparison.Ordinal) && r.Path == "/v2/");
}
