using System.Security.Cryptography.X509Certificates;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Testing.Cloud.Azure;
using OciSource.Testing.Proxies;
using OciSource.Testing.Tls;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>
/// The simulated Azure side of one test class: Entra ID (as <c>login.microsoftonline.com</c> and a custom authority
/// host), IMDS (as <c>169.254.169.254</c>) and ACR's token exchange (as <see cref="Registry"/>), all reached under
/// their real names through one <see cref="RoutingProxy"/> that is the objects' proxy, over TLS from a test CA.
/// </summary>
internal sealed class AzureCloud : IAsyncDisposable
{
    public const string PublicAuthority = "login.microsoftonline.com";
    public const string CustomAuthority = "login.sim.example";
    public const string Registry = "myregistry.azurecr.io";
    public const string TenantId = "0f6e3a51-6a39-4f0c-9d56-1b2a3c4d5e6f";
    public const string ClientId = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    private AzureCloud(TestCertificateAuthority authority, RoutingProxy proxy, EntraTokenIssuer issuer, EntraSimulator entra, ImdsSimulator imds, AcrExchangeSimulator acr)
    {
        Authority = authority;
        Proxy = proxy;
        Issuer = issuer;
        Entra = entra;
        Imds = imds;
        Acr = acr;
    }

    public TestCertificateAuthority Authority { get; }

    public RoutingProxy Proxy { get; }

    public EntraTokenIssuer Issuer { get; }

    public EntraSimulator Entra { get; }

    public ImdsSimulator Imds { get; }

    public AcrExchangeSimulator Acr { get; }

    /// <summary>The object's network path: provider calls (the token exchange at the registry host among them) through the routing proxy.</summary>
    public CloudHttp Http => new() { Proxy = Proxy.Address };

    /// <summary>Settings whose only addition to an empty environment is the operator's trust in the test CA (authority host and ACR endpoint).</summary>
    public AzureProviderSettings Settings => new() { AuthorityRootCertificates = new X509Certificate2Collection(Authority.Certificate) };

    public static async Task<AzureCloud> StartAsync(CancellationToken cancellationToken)
    {
        var authority = TestCertificateAuthority.Create("ocisource azure test CA");
        var issuer = new EntraTokenIssuer();
        var entra = await EntraSimulator.StartAsync(authority, issuer, [PublicAuthority, CustomAuthority], cancellationToken);
        var imds = await ImdsSimulator.StartAsync(issuer, cancellationToken);
        var acr = await AcrExchangeSimulator.StartAsync(authority, issuer, [Registry], cancellationToken);
        var proxy = new RoutingProxy();
        proxy.Route(PublicAuthority, entra.Address);
        proxy.Route(CustomAuthority, entra.Address);
        proxy.Route(ImdsSimulator.Host, imds.Address);
        proxy.Route(Registry, acr.Address);
        return new AzureCloud(authority, proxy, issuer, entra, imds, acr);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Acr.DisposeAsync();
        await Imds.DisposeAsync();
        await Entra.DisposeAsync();
        Authority.Dispose();
    }
}
