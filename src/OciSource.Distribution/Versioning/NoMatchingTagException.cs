namespace OciSource.Distribution.Versioning;

/// <summary>No tag satisfies the constraint (after the filter). The message is Flux's: <c>no match found for semver: &lt;exp&gt;</c>.</summary>
public sealed class NoMatchingTagException : Exception
{
    public NoMatchingTagException(string message)
        : base(message)
    {
    }

    public NoMatchingTagException()
    {
    }

    public NoMatchingTagException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
