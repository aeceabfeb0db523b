using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Distribution.Cloud.Gcp;
using OciSource.Testing.Cloud.Gcp;
using OciSource.Testing.Proxies;

namespace OciSource.Controller.Tests.Cloud;

public sealed partial class CloudProviderControllerTests
{
    private const string ArtifactRegistryHost = "europe-docker.pkg.dev";

    /// <summary>
    /// The controller's own identity on GCP, end to end: the metadata server (simulated, <c>GCE_METADATA_HOST</c>)
    /// issues an access token, and the real registry accepts <c>oauth2accesstoken</c> only with a token that server
    /// issued; the token is asked for once.
    /// </summary>
    [Fact]
    public async Task Gcp_ControllerIdentity_MetadataServerTokenPullsFromTheRegistry()
    {
        await using var proxy = new RoutingProxy();
        proxy.Route(ArtifactRegistryHost, new Uri($"http://{Registry.Host}"));
        await using var metadata = await GcpMetadataServer.StartNewAsync(Ct);
        Tokens.AcceptWhen((user, password) => user == "oauth2accesstoken" && metadata.Issued(password));
        var host = await StartAsync(Providers("gcp", () => new GcpRegistryProvider(new GcpProviderSettings { MetadataHost = metadata.Host })));
        var digest = await PushAsync("oci-source-project/cloud/gcp", "v1", "from artifact registry");
        await CreateProxySecretAsync(host, proxy.Address);
        var spec = GcpSpec("cloud/gcp");

        await host.ApplyAsync("gcp", spec, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "gcp");

        Assert.True(ControllerHost.IsReady(obj), ControllerHost.Condition(obj, ConditionTypes.FetchFailed)?.Message);
        Assert.Equal($"v1@{digest}", obj.Status!.Artifact!.Revision);
        Assert.Contains(Tokens.Requests, r => r.Subject == "oauth2accesstoken" && r.Status == 200);
        var tokenRequests = metadata.Requests.Count(r => r.PathAndQuery.Contains("/token", StringComparison.Ordinal));
        Assert.Equal(1, tokenRequests);
        Assert.DoesNotContain(kube.ServiceAccountTokens.Issued, t => t.Namespace == host.Namespace);
    }

    /// <summary>The metadata server failing: Flux's chain of messages for the controller's identity, AuthenticationFailed.</summary>
    [Fact]
    public async Task Gcp_MetadataServerFails_FailsWithTheControllerIdentityStep()
    {
        await using var metadata = await GcpMetadataServer.StartNewAsync(Ct);
        metadata.FailWith(System.Net.HttpStatusCode.InternalServerError, "metadata is unwell");
        var host = await StartAsync(Providers("gcp", () => new GcpRegistryProvider(new GcpProviderSettings { MetadataHost = metadata.Host })));
        var spec = new OCIRepositorySpec { Url = $"oci://{ArtifactRegistryHost}/oci-source-project/cloud/gcp", Interval = "10m", Provider = "gcp" };

        await host.ApplyAsync("gcp-down", spec, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "gcp-down");

        var failed = ControllerHost.Condition(obj, ConditionTypes.FetchFailed)!;
        Assert.Equal(Reasons.AuthenticationFailed, failed.Reason);
        Assert.StartsWith("failed to get credential from gcp: failed to get access token for artifact registry: failed to create provider access token for the controller: ", failed.Message, StringComparison.Ordinal);
        Assert.Contains("metadata is unwell", failed.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Object-level workload identity on GKE, end to end: the ServiceAccount's token (audience the cluster's workload
    /// identity pool, read from the metadata server) is exchanged at Google STS (simulated; it verifies the token against
    /// the cluster issuer), the federated token impersonates the annotated Google service account at IAM Credentials
    /// (simulated), and the real registry accepts only the token IAM issued.
    /// </summary>
    [Fact]
    public async Task Gcp_ObjectLevelIdentity_ImpersonatedTokenPullsFromTheRegistry()
    {
        const string GoogleServiceAccount = "puller@oci-source-project.iam.gserviceaccount.com";
        await using var proxy = new RoutingProxy();
        proxy.Route(ArtifactRegistryHost, new Uri($"http://{Registry.Host}"));
        await using var metadata = await GcpMetadataServer.StartNewAsync(Ct);
        await using var sts = await GcpStsServer.StartNewAsync(
            $"identitynamespace:{metadata.ProjectId}.svc.id.goog:https://container.googleapis.com/v1/projects/{metadata.ProjectId}/locations/{metadata.ClusterLocation}/clusters/{metadata.ClusterName}",
            Ct);
        sts.TrustedIssuer = token => kube.ServiceAccountTokens.Verify(token, $"{metadata.ProjectId}.svc.id.goog", out _) is not null;
        await using var iam = await GcpIamCredentialsServer.StartNewAsync(sts.Issued, Ct);
        iam.Allow(GoogleServiceAccount);
        Tokens.AcceptWhen((user, password) => user == "oauth2accesstoken" && iam.Issued(password));
        var settings = new GcpProviderSettings { MetadataHost = metadata.Host, StsTokenEndpoint = sts.TokenEndpoint, IamCredentialsEndpoint = iam.Address };
        var host = await StartAsync(Providers("gcp", () => new GcpRegistryProvider(settings)), "--feature-gates=ObjectLevelWorkloadIdentity=true");
        var digest = await PushAsync("oci-source-project/cloud/gcp-wi", "v1", "impersonated");
        await CreateServiceAccountAsync(host, "puller", new Dictionary<string, string> { ["iam.gke.io/gcp-service-account"] = GoogleServiceAccount });
        await CreateProxySecretAsync(host, proxy.Address);
        var spec = GcpSpec("cloud/gcp-wi") with { ServiceAccountName = "puller" };

        await host.ApplyAsync("gcp-wi", spec, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "gcp-wi");

        Assert.True(ControllerHost.IsReady(obj), ControllerHost.Condition(obj, ConditionTypes.FetchFailed)?.Message);
        Assert.Equal($"v1@{digest}", obj.Status!.Artifact!.Revision);
        var issued = Assert.Single(kube.ServiceAccountTokens.Issued, t => t.Namespace == host.Namespace);
        Assert.Equal($"{metadata.ProjectId}.svc.id.goog", Assert.Single(issued.Audiences));
        Assert.NotEmpty(iam.IssuedTokens);
        Assert.Contains(Tokens.Requests, r => r.Subject == "oauth2accesstoken" && r.Status == 200);
    }

    /// <summary>An Artifact Registry object for tag <c>v1</c> of <paramref name="repository"/> in the simulated project, reached through the proxy Secret.</summary>
    private static OCIRepositorySpec GcpSpec(string repository) => new()
    {
        Url = $"oci://{ArtifactRegistryHost}/oci-source-project/{repository}",
        Interval = "10m",
        Provider = "gcp",
        Insecure = true,
        ProxySecretRef = ProxySecret,
        Reference = new OCIRepositoryRef { Tag = "v1" },
    };
}
