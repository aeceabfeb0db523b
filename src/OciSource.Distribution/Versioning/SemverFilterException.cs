namespace OciSource.Distribution.Versioning;

/// <summary>
/// A <c>ref.semverFilter</c> that is not a usable regular expression (or whose matching timed out). The message names
/// the expression and the problem. Flux reports an invalid filter as FetchFailed with reason ReadOperationFailed.
/// </summary>
public sealed class SemverFilterException : FormatException
{
    public SemverFilterException()
    {
    }

    public SemverFilterException(string message)
        : base(message)
    {
    }

    public SemverFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SemverFilterException(string pattern, string problem, Exception? innerException)
        : base($"invalid semverFilter regular expression '{pattern}': {problem}", innerException)
    {
        Pattern = pattern;
    }

    /// <summary>The filter expression as given.</summary>
    public string? Pattern { get; }
}
