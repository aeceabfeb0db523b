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
}
