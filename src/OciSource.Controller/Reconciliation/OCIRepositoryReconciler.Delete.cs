using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Runtime.Events;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    /// <summary>
    /// The deletion path: removes every stored file of the object (Flux: the whole object directory), then the
    /// finalizer, and forgets the object's cloud token cache entries and metric series. A storage failure emits
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

        credentials.Forget(obj);
    }
}
