namespace OciSource.Distribution.Versioning;

/// <summary>The operators of a Masterminds semver v3 constraint, with the spellings each one accepts.</summary>
internal enum ComparisonOperator
{
    /// <summary>No operator or <c>=</c>: equality, or a tilde range when the version has a wildcard or fewer than three numbers.</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>&gt;=</c> or <c>=&gt;</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;=</c> or <c>=&lt;</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>~</c> or <c>~&gt;</c>: same major, and same minor unless the minor is a wildcard or missing.</summary>
    Tilde,

    /// <summary><c>^</c>: same major (for 0.x, same minor; for 0.0.z, same patch).</summary>
    Caret,
}
