namespace OciSource.Verification.Notation;

/// <summary>A notation signature envelope, its payload or its certificate chain is malformed; the message says what.</summary>
internal sealed class SignatureEnvelopeException : Exception
{
    public SignatureEnvelopeException()
    {
    }

    public SignatureEnvelopeException(string message)
        : base(message)
    {
    }

    public SignatureEnvelopeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
