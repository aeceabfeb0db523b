namespace OciSource.Controller.Reconciliation;

/// <summary>A Secret could not be read; the message names it and never contains its data.</summary>
internal sealed class SecretReadException : Exception
{
    public SecretReadException()
    {
    }

    public SecretReadException(string message)
        : base(message)
    {
    }

    public SecretReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
