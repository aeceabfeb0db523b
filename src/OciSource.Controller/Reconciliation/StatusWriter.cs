using k8s;
using OciSource.Api.V1;
using OciSource.Runtime.Status;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// Writes one object's status during a reconcile: progress on the way (Flux's immediate patches on a new generation,
/// on drift, on a missing artifact) and the summary at the end. Each write sends only the difference from what was
/// last written; nothing is sent when nothing changed.
/// </summary>
internal sealed class StatusWriter(ObjectPatcher<OCIRepository> patcher, OCIRepository written)
{
    /// <summary>The object as the API server last returned it (or as fetched, before any write).</summary>
    public OCIRepository Written { get; private set; } = written;

    /// <exception cref="k8s.Autorest.HttpOperationException">The patch failed (see <see cref="ObjectPatcher{T}.PatchStatusAsync"/>).</exception>
    public async Task WriteAsync(OCIRepositoryStatus status, CancellationToken cancellationToken)
    {
        var modified = Clone(Written);
        modified.Status = status;
        Written = await patcher.PatchStatusAsync(Written, modified, cancellationToken);
    }

    /// <summary>A deep copy, so a reconcile never alters the informer cache's instance.</summary>
    public static OCIRepository Clone(OCIRepository obj) => KubernetesJson.Deserialize<OCIRepository>(KubernetesJson.Serialize(obj));
}
