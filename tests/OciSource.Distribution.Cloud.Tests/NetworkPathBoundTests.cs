using System.Net;
using OciSource.Distribution.Cloud.Aws;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Distribution.Cloud.Gcp;
using OciSource.Testing;

namespace OciSource.Distribution.Cloud.Tests;

/// <summary>
/// A hostile tenant can name a new proxy in every object (R7: it must not exhaust the controller's memory): what a
/// provider keeps per network path stays bounded however many proxies it has seen. The proxies lead nowhere; the calls
/// fail, which is beside the point: each still makes the provider build its per-path objects.
/// </summary>
public sealed class NetworkPathBoundTests : IDisposable
{
    private const int Proxies = 3 * NetworkPathCache<string, object>.DefaultCapacity;
    private readonly string _work = TestEnvironment.CreateWorkDirectory("network-paths");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Aws_ManyProxies_KeepABoundedNumberOfWebIdentityClients()
    {
        var tokenFile = Path.Combine(_work, "token");
        await File.WriteAllTextAsync(tokenFile, "header.payload.signature", Ct);
        var settings = new AwsProviderSettings
        {
            WebIdentity = new AwsWebIdentity(tokenFile, "arn:aws:iam::123456789012:role/ocisource-pull", null),
            StsEndpoint = new Uri("http://127.0.0.1:9/"),
        };
        using var provider = new AwsRegistryProvider(settings);

        await EachProxyAsync(http => provider.GetAccessTokenAsync("123456789012.dkr.ecr.eu-west-1.amazonaws.com", null, http, Cancelled()));

        Assert.InRange(provider.NetworkPathObjects, 1, NetworkPathCache<string, object>.DefaultCapacity);
    }

    [Fact]
    public async Task Azure_ManyProxies_KeepABoundedNumberOfTransportsAndCredentials()
    {
        using var provider = new AzureRegistryProvider(new AzureProviderSettings());

        await EachProxyAsync(http => provider.GetAccessTokenAsync("myregistry.azurecr.io", null, http, Cancelled()));

        Assert.InRange(provider.NetworkPathObjects, 1, 2 * NetworkPathCache<string, object>.DefaultCapacity);
    }

    [Fact]
    public async Task Gcp_ManyProxies_KeepABoundedNumberOfHandlers()
    {
        using var provider = new GcpRegistryProvider(new GcpProviderSettings
        {
            MetadataHost = "127.0.0.1:9",
            StsTokenEndpoint = new Uri("http://127.0.0.1:9/v1/token"),
            IamCredentialsEndpoint = new Uri("http://127.0.0.1:9/"),
        });
        var account = new ServiceAccountInfo("apps", "puller", new Dictionary<string, string>
        {
            ["gcp.auth.fluxcd.io/workload-identity-provider"] = "projects/1/locations/global/workloadIdentityPools/pool/providers/provider",
        });

        await EachProxyAsync(http => provider.GetAccessTokenAsync("europe-docker.pkg.dev", new WorkloadToken(account, "header.payload.signature"), http, Cancelled()));

        Assert.InRange(provider.NetworkPathObjects, 1, 2 * NetworkPathCache<string, object>.DefaultCapacity);
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);

    private static CancellationToken Cancelled() => new(canceled: true);

    /// <summary>Calls <paramref name="call"/> once per distinct proxy; every call fails (nothing listens), as expected.</summary>
    private static async Task EachProxyAsync(Func<CloudHttp, Task> call)
    {
        for (var i = 0; i < Proxies; i++)
        {
            var http = new CloudHttp { Proxy = new Uri($"http://127.0.0.1:9/"), ProxyCredentials = new NetworkCredential($"tenant-{i}", "x") };
            try
            {
                await call(http);
            }
            catch (Exception e) when (e is CloudProviderException or OperationCanceledException)
            {
                // The call itself is beside the point.
            }

            Ct.ThrowIfCancellationRequested();
        }
    }
}
