using OciSource.Api;
using OciSource.Runtime.Status;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// A failed reconcile step, as Flux classifies it: the condition it sets (<see cref="ConditionType"/>, or none for
/// event-only reasons), Flux's reason, a message a user can act on, and whether it stalls (the spec must change; no
/// requeue) or is retried with backoff. Messages never contain secrets.
/// </summary>
internal sealed class ReconcileError : Exception
{
    public ReconcileError(string conditionType, string reason, string message, bool stalling = false, Exception? innerException = null)
        : this(conditionType, Conditions.True, reason, message, stalling, innerException)
    {
    }

    private ReconcileError(string conditionType, string conditionStatus, string reason, string message, bool stalling, Exception? innerException)
        : base(message, innerException)
    {
        ConditionType = conditionType;
        ConditionStatus = conditionStatus;
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

    /// <summary><see cref="ConditionTypes.FetchFailed"/>, <see cref="ConditionTypes.StorageOperationFailed"/> or <see cref="ConditionTypes.SourceVerified"/>.</summary>
    public string ConditionType { get; }

    /// <summary>The status the condition gets: True for the negative-polarity failure conditions, False for <see cref="ConditionTypes.SourceVerified"/>.</summary>
    public string ConditionStatus { get; } = Conditions.True;

    public string Reason { get; }

    public bool Stalling { get; }

    public static ReconcileError Fetch(string reason, string message, Exception? inner = null) =>
        new(ConditionTypes.FetchFailed, reason, message, innerException: inner);

    /// <summary>A failed signature verification: <c>SourceVerified=False</c>, reason <c>VerificationError</c>, retried (as Flux).</summary>
    public static ReconcileError Verification(string message, Exception? inner = null) =>
        new(ConditionTypes.SourceVerified, Conditions.False, Reasons.VerificationError, message, stalling: false, inner);

    public static ReconcileError Storage(string reason, string message, Exception? inner = null) =>
        new(ConditionTypes.StorageOperationFailed, reason, message, innerException: inner);
}
