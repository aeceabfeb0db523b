namespace OciSource.Verification.Sigstore;

/// <summary>
/// A bundle, trusted root or policy that does not verify. The message names the step that failed and what to check;
/// it never holds secrets (bundles and roots are public data).
/// </summary>
public sealed class SigstoreVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SigstoreVerificationException()
    {
    }

    /// <summary>Creates the exception with a reason a user can act on.</summary>
    public SigstoreVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public SigstoreVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
