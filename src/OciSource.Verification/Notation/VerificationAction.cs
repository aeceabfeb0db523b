namespace OciSource.Verification.Notation;

/// <summary>What a level does with a failed validation (Notary Project trust policy v1.0).</summary>
internal enum VerificationAction
{
    /// <summary>The failure fails verification.</summary>
    Enforce,

    /// <summary>The failure is reported (in the result's reason) and verification goes on.</summary>
    Log,
}
