namespace OciSource.Verification.Notation;

/// <summary>The trust policy document is invalid; the message says what to fix.</summary>
public sealed class TrustPolicyException : Exception
{
    public TrustPolicyException()
    {
    }

    public TrustPolicyException(string message)
        : base(message)
    {
    }

    public TrustPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
