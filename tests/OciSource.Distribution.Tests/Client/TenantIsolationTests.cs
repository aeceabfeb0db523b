using System.Text;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Hostile;
using OciSource.Testing.Registry;
using OciSource.Testing.Tls;

namespace OciSource.Distribution.Tests.Client;

/// <summary>
/// One factory serves every tenant: a tenant that reaches the same registry through its own hostile proxy (with
/// <c>insecure</c> or its own CA) plants challenges naming its own realm; no other client ever follows them, and no
/// client follows a realm that would downgrade an HTTPS registry or point at a link-local address.
/// </summary>
[Collection(TokenRegistryCollection.Name)]
public sealed class TenantIsolationTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "private/isolated";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-isolation");
    private readonly RegistryServer _registry = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RetryOptions NoRetries => new() { MaxRetries = 0 };

    public async ValueTask InitializeAsync() =>
        await OrasPush.PushAsync(
            fixture.Tools, _registry, _work, Repository, "v1", new Dictionary<string, byte[]> { ["i.txt"] = Encoding.UTF8.GetBytes("isolated") });

    [Fact]
    public async Task HostileProxyChallenge_NeverSendsAnotherClientsCredentialsToItsRealm()
    {
        using var factory = new RegistryClientFactory();
        await using var hostile = HostileProxy.Start();
        using var attacker = factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/{Repository}"),
            new RegistryClientOptions { Transport = new RegistryTransportOptions { Proxy = hostile.Address, Insecure = true }, Retry = NoRetries });
        await Assert.ThrowsAnyAsync<RegistryException>(() => attacker.ResolveAsync("v1", Ct));
        // The hostile challenge was learned: the attacker's own client asked the hostile realm.
        Assert.NotEmpty(hostile.RealmRequests);
        var before = hostile.RealmRequests.Count;
        _registry.TokenServer!.ClearRequests();

        using var victim = factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/{Repository}"),
            new RegistryClientOptions { Credentials = UserCredentials(), Retry = NoRetries });
        await victim.ResolveAsync("v1", Ct);

        // The victim got its token from the real realm, and the hostile realm saw nothing more.
        Assert.Contains(_registry.TokenServer.Requests, r => r.Subject == _registry.Credential!.UserName);
        Assert.Equal(before, hostile.RealmRequests.Count);
        Assert.DoesNotContain(hostile.RealmRequests, r => r.HasAuthorization);
    }

    [Fact]
    public async Task HttpsRegistry_PlainHttpRealm_IsRefusedWithoutContactingIt()
    {
        using var tenantCa = TestCertificateAuthority.Create("tenant-own-ca");
        await using var hostile = HostileProxy.Start(interceptWith: tenantCa);
        using var factory = new RegistryClientFactory();
        using var client = factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/{Repository}"),
            new RegistryClientOptions
            {
                Credentials = UserCredentials(),
                Transport = new RegistryTransportOptions { Proxy = hostile.Address, CaCertificates = [tenantCa.Certificate] },
                Retry = NoRetries,
            });

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.ResolveAsync("v1", Ct));

        Assert.Contains(hostile.Requests, r => r.Path.EndsWith("/manifests/v1", StringComparison.Ordinal));
        Assert.Empty(hostile.RealmRequests);
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
        Assert.Contains(hostile.OwnRealm.Authority, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_registry.Credential!.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://169.254.169.254/token")]
    [InlineData("http://[::ffff:169.254.169.254]/token")]
    [InlineData("http://[fe80::1]/token")]
    [InlineData("http://0.0.0.0/token")]
    public async Task LinkLocalRealm_IsRefusedWithoutContactingIt(string realm)
    {
        // Through the hostile proxy every realm request lands on loopback, where it is counted.
        await using var hostile = HostileProxy.Start(realm: _ => realm);
        using var factory = new RegistryClientFactory();
        using var client = factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/{Repository}"),
            new RegistryClientOptions
            {
                Credentials = UserCredentials(),
                Transport = new RegistryTransportOptions { Proxy = hostile.Address, Insecure = true },
                Retry = NoRetries,
            });

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.ResolveAsync("v1", Ct));

        Assert.Contains(hostile.Requests, r => r.Path.EndsWith("/manifests/v1", StringComparison.Ordinal));
        Assert.Empty(hostile.RealmRequests);
        Assert.Contains("link-local", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_registry.Credential!.Password, error.ToString(), StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private StaticCredentials UserCredentials() =>
        new(_registry.Host, RegistryCredential.FromUsernamePassword(_registry.Credential!.UserName, _registry.Credential.Password));
}
