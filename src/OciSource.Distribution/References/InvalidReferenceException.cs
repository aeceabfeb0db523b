namespace OciSource.Distribution.References;

/// <summary>
/// A repository URL or name that cannot be used. The message says what is wrong and never contains credentials
/// (a URL carries none: user information is rejected before it could be echoed).
/// </summary>
public sealed class InvalidReferenceException : FormatException
{
    public InvalidReferenceException(string message)
        : base(message)
    {
    }

    public InvalidReferenceException()
    {
    }

    public InvalidReferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
