namespace OciSource.Verification.Notation;

/// <summary>The outcome of verifying a notation signature, with a user-actionable reason (never secrets).</summary>
/// <param name="Outcome">Verified, failed or ignored.</param>
/// <param name="Reason">Why it failed or was ignored; what was verified otherwise.</param>
public sealed record NotationResult(NotationOutcome Outcome, string Reason)
{
    /// <summary>A failure with <paramref name="reason"/>.</summary>
    public static NotationResult Fail(string reason) => new(NotationOutcome.Failed, reason);
}
