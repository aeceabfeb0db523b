namespace OciSource.Verification.Notation;

/// <summary>
/// The trust policy level table: integrity is enforced at every level; authenticity at strict and permissive (logged
/// at audit); authentic timestamp, expiry and revocation at strict only (logged at permissive and audit). Level skip
/// runs no validation at all and never reaches this table.
/// </summary>
internal static class VerificationLevels
{
    public static VerificationAction Action(VerificationLevel level, VerificationCheck check) => (level, check) switch
    {
        (_, VerificationCheck.Integrity) => VerificationAction.Enforce,
        (VerificationLevel.Strict, _) => VerificationAction.Enforce,
        (VerificationLevel.Permissive, VerificationCheck.Authenticity) => VerificationAction.Enforce,
        _ => VerificationAction.Log,
    };
}
