using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Runtime.Events;
using OciSource.Runtime.Status;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    /// <summary>
    /// Flux's summarize step, the only place Ready, Reconciling, Stalled and observedGeneration are set:
    /// success → Ready=True with ArtifactInStorage's message, Reconciling and Stalled removed, observedGeneration
    /// updated; a stalling error → Stalled=True and Ready=False with its reason, observedGeneration updated;
    /// any other error → the error's condition (FetchFailed/StorageOperationFailed True, SourceVerified False), Reconciling=True
    /// ProgressingWithRetry, Ready=False with the error's reason and message. <c>lastHandledReconcileAt</c> always
    /// records the <c>reconcile.fluxcd.io/requestedAt</c> annotation.
    /// </summary>
    private static OCIRepositoryStatus Summarize(OCIRepository obj, OCIRepositoryStatus status, ConditionBook book, ReconcileError? error, long generation)
    {
        var requestedAt = RequestedAt(obj) ?? status.LastHandledReconcileAt;
        if (error is null)
        {
            book.Delete(ConditionTypes.Reconciling, ConditionTypes.Stalled);
            var stored = book.Get(ConditionTypes.ArtifactInStorage);
            book.Mark(ConditionTypes.Ready, Conditions.True, Reasons.Succeeded, stored?.Message ?? "reconciliation succeeded");
            return status with { Conditions = book.ToApi(), ObservedGeneration = generation, LastHandledReconcileAt = requestedAt };
        }

        var message = error.Message;
        book.Mark(error.ConditionType, error.ConditionStatus, error.Reason, message);
        book.Mark(ConditionTypes.Ready, Conditions.False, error.Reason, message);
        if (error.Stalling)
        {
            book.Delete(ConditionTypes.Reconciling);
            book.Mark(ConditionTypes.Stalled, Conditions.True, error.Reason, message);
            return status with { Conditions = book.ToApi(), ObservedGeneration = generation, LastHandledReconcileAt = requestedAt };
        }

        book.Delete(ConditionTypes.Stalled);
        var progress = book.Get(ConditionTypes.Reconciling)?.Message is { Length: > 0 } m ? m : "reconciliation in progress";
        book.Mark(ConditionTypes.Reconciling, Conditions.True, Reasons.ProgressingWithRetry, progress);
        return status with { Conditions = book.ToApi(), LastHandledReconcileAt = requestedAt };
    }

    /// <summary>
    /// Flux's deferred summarize for a suspended object, which still runs: <c>status.observedGeneration</c> becomes
    /// <c>metadata.generation</c> (when the status has conditions, as Flux's patcher), <c>lastHandledReconcileAt</c>
    /// records the <c>reconcile.fluxcd.io/requestedAt</c> annotation, Stalled is removed and a Reconciling left by a
    /// failed reconcile gets the reason ProgressingWithRetry; Ready keeps its status, reason, message and transition
    /// time (its observedGeneration follows the object's). No registry, no store. Nothing is sent when nothing changed.
    /// </summary>
    /// <exception cref="k8s.Autorest.HttpOperationException">The status patch failed (recorded as a PatchOperationFailed Warning); the queue retries.</exception>
    private async Task WriteSuspendedStatusAsync(OCIRepository obj, CancellationToken cancellationToken)
    {
        var generation = obj.Metadata.Generation ?? 0;
        var status = obj.Status ?? new OCIRepositoryStatus();
        var book = new ConditionBook(status.Conditions, generation, time.GetUtcNow());
        book.Delete(ConditionTypes.Stalled);
        if (book.Get(ConditionTypes.Reconciling) is { } reconciling)
        {
            book.Mark(ConditionTypes.Reconciling, reconciling.Status, Reasons.ProgressingWithRetry, reconciling.Message);
        }

        if (book.Get(ConditionTypes.Ready) is { } ready)
        {
            book.Mark(ConditionTypes.Ready, ready.Status, ready.Reason, ready.Message);
        }

        var conditions = book.ToApi();
        var suspended = status with
        {
            Conditions = conditions,
            ObservedGeneration = conditions.Count > 0 ? generation : status.ObservedGeneration,
            LastHandledReconcileAt = RequestedAt(obj) ?? status.LastHandledReconcileAt,
        };
        await using var writer = new StatusWriter(patcher, obj, TimeSpan.Zero, time);
        try
        {
            await writer.WriteAsync(suspended, cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            events.Record(obj, EventType.Warning, Reasons.PatchOperationFailed, "Reconcile", $"failed to patch status: {e.Message}");
            throw;
        }
    }
}
