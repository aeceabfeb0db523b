using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Testing.Cloud.Azure;
using OciSource.Testing.Proxies;
using OciSource.Testing.Tls;

namespace OciSource.Controller.Tests.Cloud;

public sealed partial class CloudProviderControllerTests
{
    private const string AcrHost = "myregistry.azurecr.io";
    private const string AzureTenant = "0f6e3a51-6a39-4f0c-9d56-1b2a3c4d5e6f";
    private const string AzureClient = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    /// <summary>
    /// Object-level workload identity on Azure, end to end: a ServiceAccount token (audience
    /// <c>api://AzureADTokenExchange</c>) from the API server is the client assertion Entra ID (simulated, TLS, reached
    /// as <c>login.microsoftonline.com</c>) checks against the cluster issuer's federated credential; its access token is
    /// exchanged at the ACR endpoint (simulated, TLS, <c>/oauth2/exchange</c>) for a refresh token, which the real
    /// registry behind that endpoint accepts as <c>00000000-…</c>'s password. Every call goes through the object's proxy,
    /// the ACR endpoint trusted through the object's <c>certSecretRef</c>.
    /// </summary>
    [Fact]
    public async Task Azure_ObjectLevelIdentity_ExchangedRefreshTokenPullsFromTheRegistry()
    {
        using var authority = TestCertificateAuthority.Create("ocisource azure controller test CA");
        var issuer = new EntraTokenIssuer();
        await using var entra = await EntraSimulator.StartAsync(authority, issuer, ["login.microsoftonline.com"], Ct);
        await using var acr = await AcrExchangeSimulator.StartAsync(authority, issuer, [AcrHost], Ct);
        acr.CredentialIssued = Tokens.Accept;
        acr.ServeRegistry(Registry.BaseAddress, Tokens.Realm);
        await using var proxy = new RoutingProxy();
        proxy.Route("login.microsoftonline.com", entra.Address);
        proxy.Route(AcrHost, acr.Address);
        var host = await StartAzureControllerAsync(authority.Certificate, entra, proxy.Address, authority.Certificate);
        var digest = await PushAsync("cloud/azure", "v1", "from acr");
        var spec = AzureSpec() with { Reference = new OCIRepositoryRef { Tag = "v1" } };

        await host.ApplyAsync("azure", spec, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "azure");

        Assert.True(ControllerHost.IsReady(obj), ControllerHost.Condition(obj, ConditionTypes.FetchFailed)?.Message);
        Assert.Equal($"v1@{digest}", obj.Status!.Artifact!.Revision);
        var issued = Assert.Single(kube.ServiceAccountTokens.Issued, t => t.Namespace == host.Namespace);
        Assert.Equal(EntraSimulator.AssertionAudience, Assert.Single(issued.Audiences));
        Assert.Single(entra.TokenRequests);
        Assert.Single(acr.Requests, r => r.Path == "/oauth2/exchange" && r.Status == 200);
        Assert.Contains(Tokens.Requests, r => r.Subject == AcrExchangeSimulator.RefreshTokenUsername && r.Status == 200);
        Assert.Contains("login.microsoftonline.com:443", proxy.Hosts);
    }

    /// <summary>
    /// A tenant's own <c>certSecretRef</c> CA (e.g. with its own proxy in front of a host it names <c>*.azurecr.io</c>)
    /// must not make the controller hand its Entra ID access token to a server that CA vouches for: the ACR token
    /// exchange trusts the system roots and the operator's, as Flux's, never the object's.
    /// </summary>
    [Fact]
    public async Task Azure_ATenantsCaIsNotTrustedForTheTokenExchange()
    {
        using var operatorAuthority = TestCertificateAuthority.Create("ocisource azure operator CA");
        using var tenantAuthority = TestCertificateAuthority.Create("ocisource hostile tenant CA");
        var issuer = new EntraTokenIssuer();
        await using var entra = await EntraSimulator.StartAsync(operatorAuthority, issuer, ["login.microsoftonline.com"], Ct);
        await using var impostor = await AcrExchangeSimulator.StartAsync(tenantAuthority, issuer, [AcrHost], Ct);
        await using var proxy = new RoutingProxy();
        proxy.Route("login.microsoftonline.com", entra.Address);
        proxy.Route(AcrHost, impostor.Address);
        var host = await StartAzureControllerAsync(operatorAuthority.Certificate, entra, proxy.Address, tenantAuthority.Certificate);
        var spec = AzureSpec();

        await host.ApplyAsync("azure-impostor", spec, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "azure-impostor");

        var failed = ControllerHost.Condition(obj, ConditionTypes.FetchFailed);
        Assert.NotNull(failed);
        Assert.StartsWith("failed to get credential from azure: failed to create artifact registry credentials: ", failed.Message, StringComparison.Ordinal);
        Assert.Single(entra.TokenRequests);
        Assert.DoesNotContain(impostor.Requests, r => r.Path == "/oauth2/exchange");
    }

    /// <summary>
    /// A controller with the ObjectLevelWorkloadIdentity gate whose azure provider trusts <paramref name="operatorRoot"/>,
    /// and in its namespace: the ServiceAccount <c>puller</c> (annotated, federated at <paramref name="entra"/> against the
    /// cluster issuer), the proxy Secret and the Secret <c>acr-ca</c> holding <paramref name="objectCa"/> as <c>ca.crt</c>.
    /// </summary>
    private async Task<ControllerHost> StartAzureControllerAsync(X509Certificate2 operatorRoot, EntraSimulator entra, Uri proxy, X509Certificate2 objectCa)
    {
        var settings = new AzureProviderSettings { AuthorityRootCertificates = new X509Certificate2Collection(operatorRoot) };
        var host = await StartAsync(Providers("azure", () => new AzureRegistryProvider(settings)), "--feature-gates=ObjectLevelWorkloadIdentity=true");
        entra.AddFederatedCredential(
            AzureTenant,
            AzureClient,
            $"system:serviceaccount:{host.Namespace}:puller",
            token => kube.ServiceAccountTokens.Verify(token, EntraSimulator.AssertionAudience, out _) is not null);
        await CreateServiceAccountAsync(host, "puller", new Dictionary<string, string>
        {
            ["azure.workload.identity/tenant-id"] = AzureTenant,
            ["azure.workload.identity/client-id"] = AzureClient,
        });
        await CreateProxySecretAsync(host, proxy);
        await host.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "acr-ca", NamespaceProperty = host.Namespace },
                Data = new Dictionary<string, byte[]> { ["ca.crt"] = Encoding.UTF8.GetBytes(objectCa.ExportCertificatePem()) },
            },
            host.Namespace,
            cancellationToken: Ct);
        return host;
    }

    /// <summary>An ACR object as <see cref="StartAzureControllerAsync"/> prepares it: <c>puller</c>'s identity, the proxy, <c>acr-ca</c>.</summary>
    private static OCIRepositorySpec AzureSpec() => new()
    {
        Url = $"oci://{AcrHost}/cloud/azure",
        Interval = "10m",
        Provider = "azure",
        ServiceAccountName = "puller",
        ProxySecretRef = ProxySecret,
        CertSecretRef = new LocalObjectReference { Name = "acr-ca" },
    };
}
