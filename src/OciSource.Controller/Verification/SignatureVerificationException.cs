namespace OciSource.Controller.Verification;

/// <summary>
/// Signature verification of a revision failed; the message is the cause Flux gives (the reconciler prefixes
/// <c>failed to verify the signature using provider '…': </c>). Never holds secret data.
/// </summary>
internal sealed class SignatureVerificationException : Exception
{
    public SignatureVerificationException()
    {
    }

    public SignatureVerificationException(string message)
        : base(message)
    {
    }

    public SignatureVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
