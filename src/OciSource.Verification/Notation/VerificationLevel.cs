namespace OciSource.Verification.Notation;

/// <summary>The trust policy's <c>signatureVerification.level</c> (Notary Project trust policy v1.0).</summary>
public enum VerificationLevel
{
    /// <summary>Every validation is enforced.</summary>
    Strict,

    /// <summary>Integrity and authenticity are enforced; expiry and revocation are only logged.</summary>
    Permissive,

    /// <summary>Only integrity is enforced; every other failure is logged.</summary>
    Audit,

    /// <summary>No verification: the outcome is "ignored".</summary>
    Skip,
}
