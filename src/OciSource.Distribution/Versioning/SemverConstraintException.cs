namespace OciSource.Distribution.Versioning;

/// <summary>
/// A <c>ref.semver</c> expression that is not a valid Masterminds semver v3 constraint. The message is Flux's:
/// <c>semver '&lt;expression&gt;' parse error: &lt;detail&gt;</c>. Flux reports it as FetchFailed with reason
/// ReadOperationFailed and retries with backoff (not stalling).
/// </summary>
public sealed class SemverConstraintException : FormatException
{
    public SemverConstraintException()
    {
    }

    public SemverConstraintException(string message)
        : base(message)
    {
    }

    public SemverConstraintException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SemverConstraintException(string expression, string detail)
        : base($"semver '{expression}' parse error: {detail}")
    {
        Expression = expression;
        Detail = detail;
    }

    /// <summary>The constraint expression as given.</summary>
    public string? Expression { get; }

    /// <summary>Masterminds' error text, e.g. <c>improper constraint: foo</c>.</summary>
    public string? Detail { get; }
}
