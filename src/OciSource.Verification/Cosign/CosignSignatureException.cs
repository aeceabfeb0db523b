namespace OciSource.Verification.Cosign;

/// <summary>No cosign signature verifies for the artifact (Flux's message).</summary>
public sealed class CosignSignatureException : Exception
{
    public CosignSignatureException()
    {
    }

    public CosignSignatureException(string message)
        : base(message)
    {
    }

    public CosignSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
