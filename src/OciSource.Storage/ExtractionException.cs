namespace OciSource.Storage;

/// <summary>A layer that cannot be extracted safely: a rejected entry (named), an unsupported format, or a limit exceeded.</summary>
public sealed class ExtractionException : Exception
{
    public ExtractionException(string message)
        : base(message)
    {
    }

    public ExtractionException()
    {
    }

    public ExtractionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The bytes could not be decoded as gzip, zstd or tar, which a download corrupted in transit also causes.</summary>
    public bool Undecodable { get; init; }
}
