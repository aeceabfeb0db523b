namespace OciSource.Controller.Verification;

/// <summary>What a successful call to <see cref="SourceSignatureVerifier.VerifyAsync"/> concluded.</summary>
internal enum SignatureOutcome
{
    /// <summary>A signature verified: <c>SourceVerified=True</c>.</summary>
    Verified,

    /// <summary>Notation's policy says not to enforce (level skip, or an audit-level failure that was logged): no condition, the pull goes on.</summary>
    Ignored,
}
