using OciSource.Distribution.Cloud.Gcp;
using OciSource.Testing.Cloud.Gcp;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// The three simulated Google endpoints of one test (metadata server, STS, IAM Credentials), wired as the real ones are:
/// IAM accepts only bearers STS issued, STS expects the GKE cluster's audience. <see cref="Settings"/> points the
/// provider at them through its documented settings.
/// </summary>
internal sealed class GcpTestCloud : IAsyncDisposable
{
    public const string ServiceAccountEmail = "oci-source@oci-source-project.iam.gserviceaccount.com";
    public const string ProjectedToken = "eyJhbGciOiJSUzI1NiJ9.projected-serviceaccount-token.signature";

    private GcpTestCloud(GcpMetadataServer metadata, GcpStsServer sts, GcpIamCredentialsServer iam) => (Metadata, Sts, Iam) = (metadata, sts, iam);

    public GcpMetadataServer Metadata { get; }

    public GcpStsServer Sts { get; }

    public GcpIamCredentialsServer Iam { get; }

    /// <summary>The STS audience of the simulated GKE cluster.</summary>
    public string GkeAudience =>
        $"identitynamespace:{Metadata.ProjectId}.svc.id.goog:https://container.googleapis.com/v1/projects/{Metadata.ProjectId}/locations/{Metadata.ClusterLocation}/clusters/{Metadata.ClusterName}";

    public GcpProviderSettings Settings => new()
    {
        MetadataHost = Metadata.Host,
        StsTokenEndpoint = Sts.TokenEndpoint,
        IamCredentialsEndpoint = Iam.Address,
    };

    public static async Task<GcpTestCloud> StartAsync(CancellationToken cancellationToken)
    {
        var metadata = await GcpMetadataServer.StartNewAsync(cancellationToken);
        var sts = await GcpStsServer.StartNewAsync(string.Empty, cancellationToken);
        var iam = await GcpIamCredentialsServer.StartNewAsync(sts.Issued, cancellationToken);
        var cloud = new GcpTestCloud(metadata, sts, iam);
        sts.ExpectedAudience = cloud.GkeAudience;
        sts.AcceptSubjectToken(ProjectedToken);
        iam.Allow(ServiceAccountEmail);
        return cloud;
    }

    public static ServiceAccountInfo Account(params (string Key, string Value)[] annotations) =>
        new("apps", "puller", annotations.ToDictionary(a => a.Key, a => a.Value));

    public static WorkloadToken Workload(params (string Key, string Value)[] annotations) => new(Account(annotations), ProjectedToken);

    /// <summary>Every token any of the simulators issued or accepted: none may appear in a message.</summary>
    public IEnumerable<string> Secrets => [ProjectedToken, .. Metadata.IssuedTokens, .. Sts.IssuedTokens, .. Iam.IssuedTokens];

    public async ValueTask DisposeAsync()
    {
        await Metadata.DisposeAsync();
        await Sts.DisposeAsync();
        await Iam.DisposeAsync();
    }
}
