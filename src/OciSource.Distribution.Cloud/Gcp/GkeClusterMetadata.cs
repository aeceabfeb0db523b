namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The GKE cluster the controller runs in, as the metadata server tells it (fluxcd/pkg <c>gke_metadata.go</c>).</summary>
internal sealed record GkeClusterMetadata(string ProjectId, string Location, string Name)
{
    /// <summary>The workload identity pool, <c>&lt;project&gt;.svc.id.goog</c>: the audience of the ServiceAccount token.</summary>
    public string WorkloadIdentityPool => $"{ProjectId}.svc.id.goog";

    /// <summary>The cluster as the pool's identity provider.</summary>
    public string WorkloadIdentityProvider => $"https://container.googleapis.com/v1/projects/{ProjectId}/locations/{Location}/clusters/{Name}";

    /// <summary>The STS audience, <c>identitynamespace:&lt;pool&gt;:&lt;provider&gt;</c>.</summary>
    public string StsAudience => $"identitynamespace:{WorkloadIdentityPool}:{WorkloadIdentityProvider}";
}
