namespace OciSource.Verification.Notation;

/// <summary>The Notary Project's validation types, in the order notation runs them.</summary>
internal enum VerificationCheck
{
    Integrity,
    Authenticity,
    AuthenticTimestamp,
    Expiry,
    Revocation,
}
