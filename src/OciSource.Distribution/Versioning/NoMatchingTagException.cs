namespace OciSource.Distribution.Versioning;

/// <summary>
/// No tag (after the semverFilter) parses as a version that satisfies the constraint. The message is Flux's:
/// <c>no match found for semver: &lt;expression&gt;</c> (FetchFailed, reason ReadOperationFailed, retried).
/// </summary>
public sealed class NoMatchingTagException : Exception
{
    public NoMatchingTagException()
    {
    }

    public NoMatchingTagException(string message)
        : base(message)
    {
    }

    public NoMatchingTagException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The constraint expression as given.</summary>
    public string? Expression { get; private init; }

    internal static NoMatchingTagException For(string expression) =>
        new($"no match found for semver: {expression}") { Expression = expression };
}
