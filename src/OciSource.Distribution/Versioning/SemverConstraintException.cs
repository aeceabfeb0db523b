namespace OciSource.Distribution.Versioning;

/// <summary>
/// A <c>ref.semver</c> expression that is not a valid Masterminds constraint. The message is Flux's:
/// <c>semver '&lt;exp&gt;' parse error: &lt;detail&gt;</c>.
/// </summary>
public sealed class SemverConstraintException : FormatException
{
    public SemverConstraintException(string message)
        : base(message)
    {
    }

    public SemverConstraintException()
    {
    }

    public SemverConstraintException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
