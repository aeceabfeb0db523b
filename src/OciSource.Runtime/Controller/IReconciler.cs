namespace OciSource.Runtime.Controller;

/// <summary>
/// Level-based reconcile of one object (controller-runtime's Reconciler): re-read the object (from the informer
/// cache), drive the world towards its spec, report status. Never dispatch on what event caused the call.
/// </summary>
public interface IReconciler
{
    /// <summary>Reconciles the object named by <paramref name="request"/> (which may no longer exist).</summary>
    /// <returns><see cref="ReconcileResult.Done"/>, or a requeue after a delay (the failure backoff is reset).</returns>
    /// <exception cref="Exception">Any failure: the request is retried with per-item exponential backoff.</exception>
    /// <exception cref="OperationCanceledException">The controller is stopping (or lost leadership).</exception>
    Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken);
}
