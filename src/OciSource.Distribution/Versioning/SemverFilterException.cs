namespace OciSource.Distribution.Versioning;

/// <summary>A <c>ref.semverFilter</c> that is not a usable regular expression; the message names it and the problem.</summary>
public sealed class SemverFilterException : FormatException
{
    public SemverFilterException(string message)
        : base(message)
    {
    }

    public SemverFilterException()
    {
    }

    public SemverFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
