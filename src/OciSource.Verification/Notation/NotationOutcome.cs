namespace OciSource.Verification.Notation;

/// <summary>What verification of a notation signature concluded.</summary>
public enum NotationOutcome
{
    /// <summary>The signature is verified under the applicable trust policy.</summary>
    Verified,

    /// <summary>Verification failed; the result's reason says why.</summary>
    Failed,

    /// <summary>Nothing to enforce (level skip, or an audit-level failure that is only logged): no SourceVerified condition.</summary>
    Ignored,
}
