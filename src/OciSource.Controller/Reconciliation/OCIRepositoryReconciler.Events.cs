using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    private const string RevisionAnnotation = SourceApi.Group + "/revision";
    private const string DigestAnnotation = SourceApi.Group + "/digest";
    private const string OriginRevisionAnnotation = SourceApi.Group + "/originRevision";
    private const string OciImageRevision = "org.opencontainers.image.revision";

    /// <summary>
    /// The annotations of Flux's success events (<c>NewArtifact</c>, <c>Succeeded</c>), on the Kubernetes event and in the
    /// forwarded event's metadata: <c>source.toolkit.fluxcd.io/revision</c> and <c>/digest</c> of the stored artifact,
    /// and <c>/originRevision</c> when the manifest had a non-empty <c>org.opencontainers.image.revision</c> annotation
    /// (kept in <c>status.artifact.metadata</c>; source-controller PR #2127). Error and Trace events carry none.
    /// </summary>
    private static Dictionary<string, string> ArtifactEventAnnotations(Artifact artifact)
    {
        var annotations = new Dictionary<string, string>
        {
            [RevisionAnnotation] = artifact.Revision,
            [DigestAnnotation] = artifact.Digest ?? string.Empty,
        };
        if (artifact.Metadata?.TryGetValue(OciImageRevision, out var origin) == true && !string.IsNullOrEmpty(origin))
        {
            annotations[OriginRevisionAnnotation] = origin;
        }

        return annotations;
    }
}
