using System.Net;
using OciSource.Distribution.Cloud.Gcp;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// The ServiceAccount annotations Flux reads (<c>iam.gke.io/gcp-service-account</c>,
/// <c>gcp.auth.fluxcd.io/workload-identity-provider</c>) and the token audiences, against the simulated GKE metadata
/// server (no cloud is reachable here).
/// </summary>
public sealed class GcpAnnotationAndAudienceTests : IAsyncLifetime
{
    private const string WorkloadIdentityProvider = "projects/123456789/locations/global/workloadIdentityPools/flux/providers/cluster";
    private GcpTestCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cloud = await GcpTestCloud.StartAsync(Ct);

    public ValueTask DisposeAsync() => _cloud.DisposeAsync();

    [Fact]
    public void Identity_IsTheAnnotatedServiceAccount()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        Assert.Equal(GcpTestCloud.ServiceAccountEmail, provider.GetIdentity(GcpTestCloud.Account(("iam.gke.io/gcp-service-account", GcpTestCloud.ServiceAccountEmail))));
        Assert.Equal(string.Empty, provider.GetIdentity(GcpTestCloud.Account()));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("sa@project.iam.gserviceaccount.com.evil")]
    [InlineData("sa@example.com")]
    public void MalformedServiceAccountAnnotation_FluxsMessage(string value)
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var error = Assert.Throws<CloudProviderException>(() => provider.GetIdentity(GcpTestCloud.Account(("iam.gke.io/gcp-service-account", value))));

        Assert.Equal(
            $"invalid iam.gke.io/gcp-service-account annotation: '{value}'. must match ^[a-zA-Z0-9-]{{1,100}}@[a-zA-Z0-9-]{{1,100}}\\.iam\\.gserviceaccount\\.com$",
            error.Message);
    }

    [Fact]
    public async Task GkeCluster_AudienceIsTheWorkloadIdentityPool_FromTheMetadataServer()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var audiences = await provider.GetAudiencesAsync(GcpTestCloud.Account(), new CloudHttp(), Ct);

        Assert.Equal(["oci-source-project.svc.id.goog"], audiences);
        Assert.All(_cloud.Metadata.Requests, r => Assert.Equal("Google", r.Header("Metadata-Flavor")));
        Assert.Equal(
            ["/computeMetadata/v1/project/project-id", "/computeMetadata/v1/instance/attributes/cluster-location", "/computeMetadata/v1/instance/attributes/cluster-name"],
            _cloud.Metadata.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task GkeMetadata_IsLoadedOnce()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        await provider.GetAudiencesAsync(GcpTestCloud.Account(), new CloudHttp(), Ct);
        await provider.GetAudiencesAsync(GcpTestCloud.Account(), new CloudHttp(), Ct);

        Assert.Equal(3, _cloud.Metadata.Requests.Count);
    }

    [Fact]
    public async Task WorkloadIdentityProviderAnnotation_IsTheAudience_WithoutTheMetadataServer()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var audiences = await provider.GetAudiencesAsync(GcpTestCloud.Account(("gcp.auth.fluxcd.io/workload-identity-provider", WorkloadIdentityProvider)), new CloudHttp(), Ct);

        Assert.Equal(["//iam.googleapis.com/" + WorkloadIdentityProvider], audiences);
        Assert.Empty(_cloud.Metadata.Requests);
    }

    [Fact]
    public async Task MalformedWorkloadIdentityProviderAnnotation_FluxsMessage()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);
        var account = GcpTestCloud.Account(("gcp.auth.fluxcd.io/workload-identity-provider", "projects/abc/pools/x"));

        var error = await Assert.ThrowsAsync<CloudProviderException>(async () => await provider.GetAudiencesAsync(account, new CloudHttp(), Ct));

        Assert.Equal(
            "invalid gcp.auth.fluxcd.io/workload-identity-provider annotation: 'projects/abc/pools/x'. must match ^projects/\\d{1,30}/locations/global/workloadIdentityPools/[^/]{1,100}/providers/[^/]{1,100}$",
            error.Message);
    }

    [Fact]
    public async Task MetadataServerDown_FluxsMessage_AndTriedAgainLater()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);
        _cloud.Metadata.FailWith(HttpStatusCode.ServiceUnavailable, "metadata unavailable");

        var error = await Assert.ThrowsAsync<CloudProviderException>(async () => await provider.GetAudiencesAsync(GcpTestCloud.Account(), new CloudHttp(), Ct));
        _cloud.Metadata.Heal();
        var audiences = await provider.GetAudiencesAsync(GcpTestCloud.Account(), new CloudHttp(), Ct);

        Assert.StartsWith("failed to get GKE cluster project ID from the metadata service: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503: metadata unavailable", error.Message, StringComparison.Ordinal);
        Assert.Equal(["oci-source-project.svc.id.goog"], audiences);
    }

    [Fact]
    public async Task MetadataServerUnreachable_FluxsMessage()
    {
        await _cloud.Metadata.StopAsync();
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(async () => await provider.GetAudiencesAsync(GcpTestCloud.Account(), new CloudHttp(), Ct));

        Assert.StartsWith("failed to get GKE cluster project ID from the metadata service: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyClusterName_FluxsMessage()
    {
        _cloud.Metadata.ClusterName = string.Empty;
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(async () => await provider.GetAudiencesAsync(GcpTestCloud.Account(), new CloudHttp(), Ct));

        Assert.Equal("failed to get GKE cluster name from the metadata service: empty value", error.Message);
    }
}
