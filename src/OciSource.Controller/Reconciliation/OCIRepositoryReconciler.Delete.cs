using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Runtime.Events;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    /// <summary>
    /// The deletion path: removes every stored file of the object (Flux: the whole object directory), forgets its cloud
    /// token cache entries and metric series, then removes the finalizer. A storage failure emits
    /// <c>GarbageCollectionFailed</c> and is thrown, keeping the finalizer so the deletion is retried.
    /// </summary>
    private async Task DeleteAsync(OCIRepository obj, CancellationToken cancellationToken)
    {
        try
        {
            if (await store.RemoveAllAsync(KeyOf(obj), cancellationToken))
            {
                events.Record(obj, EventType.Trace, Reasons.GarbageCollectionSucceeded, "Delete", "garbage collected artifacts for deleted resource");
            }
        }
        catch (IOException e)
        {
            events.Record(obj, EventType.Warning, Reasons.GarbageCollectionFailed, "Delete", $"garbage collection for deleted resource failed: {e.Message}");
            throw;
        }

        // Before the finalizer goes (as Flux, whose patch comes last): once the object is gone, nothing of it is left.
        credentials.Forget(obj);
        if ((obj.Metadata.Finalizers ?? []).Contains(SourceApi.Finalizer))
        {
            try
            {
                await patcher.RemoveFinalizerAsync(obj, SourceApi.Finalizer, cancellationToken);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }
}
