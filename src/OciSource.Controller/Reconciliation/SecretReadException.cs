namespace OciSource.Controller.Reconciliation;

/// <summary>A Secret could not be read; the message names it and never contains its data.</summary>
internal sealed class SecretReadException : Exception
{
    /// <summary>The Secret does not exist (or, for a cached reader, is not in the cache).</summary>
    public bool NotFound { get; init; }

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
