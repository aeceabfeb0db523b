using OciSource.Api;
using OciSource.Api.V1;
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
}
