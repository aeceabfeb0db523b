using System.Security.Cryptography.X509Certificates;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing.Hostile;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>
/// A tenant whose own proxy makes an HTTPS registry look like a plain-HTTP one changes nothing for another
/// tenant's client of the same factory: that client still speaks TLS to the registry.
/// </summary>
[Collection(SecureRegistryCollection.Name)]
public sealed class SchemeIsolationTests(SecureRegistryFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostileProxyPlainHttpDecision_DoesNotDowngradeAnotherClient()
    {
        var registry = fixture.Server;
        using var factory = new RegistryClientFactory();
        await using var hostile = HostileProxy.Start();
        using var attacker = factory.Create(
            RepositoryReference.Parse($"{registry.Host}/secure/isolation"),
            new RegistryClientOptions { Transport = new RegistryTransportOptions { Proxy = hostile.Address, Insecure = true }, Retry = new RetryOptions { MaxRetries = 0 } });
        await Assert.ThrowsAnyAsync<RegistryException>(() => attacker.PingAsync(Ct));
        // The attacker's client went to plain HTTP through its proxy.
        Assert.Contains(hostile.Requests, r => r.Target.StartsWith("http://", StringComparison.Ordinal) && r.Path == "/v2/");

        var ca = new X509Certificate2Collection { X509CertificateLoader.LoadCertificateFromFile(registry.CaCertificatePath!) };
        using var victim = factory.Create(
            RepositoryReference.Parse($"{registry.Host}/secure/isolation"),
            new RegistryClientOptions
            {
                Credentials = new StaticCredentials(registry.Host, RegistryCredential.FromUsernamePassword(registry.Credential!.UserName, registry.Credential.Password)),
                Transport = new RegistryTransportOptions { CaCertificates = ca },
                Retry = new RetryOptions { MaxRetries = 0 },
            });

        await victim.PingAsync(Ct);
    }
}
