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
        var settings = new AzureProviderSettings { AuthorityRootCertificates = new X509Certificate2Collection(authority.Certificate) };
        var host = await StartAsync(Providers("azure", () => new AzureRegistryProvider(settings)), "--feature-gates=ObjectLevelWorkloadIdentity=true");
        entra.AddFederatedCredential(
            AzureTenant,
            AzureClient,
            $"system:serviceaccount:{host.Namespace}:puller",
            token => kube.ServiceAccountTokens.Verify(token, EntraSimulator.AssertionAudience, out _) is not null);
        var digest = await PushAsync("cloud/azure", "v1", "from acr");
        await CreateServiceAccountAsync(host, "puller", new Dictionary<string, string>
        {
            ["azure.workload.identity/tenant-id"] = AzureTenant,
            ["azure.workload.identity/client-id"] = AzureClient,
        });
        await CreateProxySecretAsync(host, proxy.Address);
        await CreateCaSecretAsync(host, "acr-ca", authority.Certificate);
        var spec = new OCIRepositorySpec
        {
            Url = $"oci://{AcrHost}/cloud/azure",
            Interval = "10m",
            Provider = "azure",
            ServiceAccountName = "puller",
            ProxySecretRef = ProxySecret,
            CertSecretRef = new LocalObjectReference { Name = "acr-ca" },
            Reference = new OCIRepositoryRef { Tag = "v1" },
        };

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
        var settings = new AzureProviderSettings { AuthorityRootCertificates = new X509Certificate2Collection(operatorAuthority.Certificate) };
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
        await CreateProxySecretAsync(host, proxy.Address);
        await CreateCaSecretAsync(host, "tenant-ca", tenantAuthority.Certificate);
        var spec = new OCIRepositorySpec
        {
            Url = $"oci://{AcrHost}/cloud/azure",
            Interval = "10m",
            Provider = "azure",
            ServiceAccountName = "puller",
            ProxySecretRef = ProxySecret,
            CertSecretRef = new LocalObjectReference { Name = "tenant-ca" },
        };

        await host.ApplyAsync("azure-impostor", spec, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "azure-impostor");

        var failed = ControllerHost.Condition(obj, ConditionTypes.FetchFailed);
        Assert.NotNull(failed);
        Assert.StartsWith("failed to get credential from azure: failed to create artifact registry credentials: ", failed.Message, StringComparison.Ordinal);
        Assert.Single(entra.TokenRequests);
        Assert.DoesNotContain(impostor.Requests, r => r.Path == "/oauth2/exchange");
    }

    private static async Task CreateCaSecretAsync(ControllerHost host, string name, X509Certificate2 ca) =>
        await host.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = host.Namespace },
                Data = new Dictionary<string, byte[]> { ["ca.crt"] = Encoding.UTF8.GetBytes(ca.ExportCertificatePem()) },
            },
            host.Namespace,
            cancellationToken: Ct);
}
