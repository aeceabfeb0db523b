using OciSource.Api;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// A failed reconcile step, as Flux classifies it: the condition it sets (<see cref="ConditionType"/>, or none for
/// event-only reasons), Flux's reason, a message a user can act on, and whether it stalls (the spec must change; no
/// requeue) or is retried with backoff. Messages never contain secrets.
/// </summary>
internal sealed class ReconcileError : Exception
{
    public ReconcileError(string conditionType, string reason, string message, bool stalling = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ConditionType = conditionType;
        Reason = reason;
        Stalling = stalling;
    }

    public ReconcileError()
    {
        ConditionType = ConditionTypes.FetchFailed;
        Reason = Reasons.Failed;
    }

    public ReconcileError(string message)
        : base(message)
    {
        ConditionType = ConditionTypes.FetchFailed;
        Reason = Reasons.Failed;
    }

    public ReconcileError(string message, Exception innerException)
        : base(message, innerException)
    {
        ConditionType = ConditionTypes.FetchFailed;
        Reason = Reasons.Failed;
    }

    /// <summary><see cref="ConditionTypes.FetchFailed"/> or <see cref="ConditionTypes.StorageOperationFailed"/>.</summary>
    public string ConditionType { get; }

    public string Reason { get; }

    public bool Stalling { get; }

    public static ReconcileError Fetch(string reason, string message, Exception? inner = null) =>
        new(ConditionTypes.FetchFailed, reason, message, innerException: inner);

    public static ReconcileError Storage(string reason, string message, Exception? inner = null) =>
        new(ConditionTypes.StorageOperationFailed, reason, message, innerException: inner);
}
