namespace OciSource.Distribution.Versioning;

/// <summary>
/// A parsed <c>ref.semver</c> expression with Masterminds semver v3.4.0 <c>Constraints.Check</c> semantics
/// (what Flux uses; <c>IncludePrerelease</c> is never set by Flux and is not offered). Immutable, thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Syntax (see <see cref="ConstraintParser"/>): terms <c>[op] version</c> with the operators <c>=</c>, <c>!=</c>,
/// <c>&gt;</c>, <c>&lt;</c>, <c>&gt;=</c>, <c>=&gt;</c>, <c>&lt;=</c>, <c>=&lt;</c>, <c>~</c>, <c>~&gt;</c>, <c>^</c>
/// (none means <c>=</c>); versions with one to three numbers, <c>x</c>/<c>X</c>/<c>*</c> wildcards, a <c>v</c>
/// prefix, prerelease and metadata; terms ANDed by spaces or commas; groups ORed by <c>||</c>; hyphen ranges
/// <c>1.2 - 1.4.5</c> meaning <c>&gt;= 1.2, &lt;= 1.4.5</c>.
/// </para>
/// <para>
/// Meaning (see <see cref="Comparator"/>): <c>1.2</c> or <c>1.2.x</c> with <c>=</c> is <c>~1.2</c>;
/// <c>~1.2.3</c> is &gt;=1.2.3 &lt;1.3.0 and <c>~1</c> is &gt;=1.0.0 &lt;2.0.0; <c>^1.2.3</c> is &gt;=1.2.3 &lt;2.0.0,
/// <c>^0.2.3</c> is &gt;=0.2.3 &lt;0.3.0, <c>^0.0.3</c> is =0.0.3; <c>&gt;1.1</c> is &gt;=1.2.0 and <c>&lt;=1.1</c> is
/// &lt;1.2.0 (wildcards widen the bound).
/// </para>
/// <para>
/// Prereleases: a version with a prerelease satisfies an AND group only when some term of THAT group has a
/// prerelease (Masterminds v3.3+: checked per group, not per term), and then it is compared with full SemVer
/// precedence against every term. So <c>&gt;=1.0.0-0 &lt;2.0.0</c> accepts 1.5.0-beta, <c>&gt;=1.0.0</c> does not,
/// and <c>&gt;=1.0.0-0 || &gt;=3.0.0</c> accepts 3.1.0-rc.1 only through its first group. The #1656 confusion in
/// Flux: <c>&gt;=1.0.0-x</c> opens prereleases but is still an open lower bound, so with tags 1.0.1-rc.1 and 1.5.7 it
/// picks 1.5.7; "prereleases of 1.0.x" is written <c>1.0.x-0</c> (or <c>~1.0.0-0</c>).
/// </para>
/// </remarks>
internal sealed class SemverConstraint
{
    private readonly Comparator[][] _groups;
    private readonly bool[] _groupHasPrerelease;

    private SemverConstraint(string text, Comparator[][] groups)
    {
        Text = text;
        _groups = groups;
        _groupHasPrerelease = [.. groups.Select(group => group.Any(term => term.Version.Prerelease.Length > 0))];
    }

    /// <summary>The expression as given to <see cref="Parse"/>.</summary>
    public string Text { get; }

    /// <summary>The OR groups, each a list of ANDed terms.</summary>
    internal IReadOnlyList<IReadOnlyList<Comparator>> Groups => _groups;

    /// <summary>
    /// Parses a constraint expression. Throws <see cref="SemverConstraintException"/> (Flux's message) when it is
    /// not valid, <see cref="ArgumentNullException"/> for null.
    /// </summary>
    public static SemverConstraint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new SemverConstraint(text, ConstraintParser.Parse(text));
    }

    /// <summary>True when every term of at least one OR group is satisfied (see the type remarks for prereleases).</summary>
    public bool IsSatisfiedBy(TagVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        for (var g = 0; g < _groups.Length; g++)
        {
            var includePrerelease = _groupHasPrerelease[g];
            if (_groups[g].All(term => term.IsSatisfiedBy(version, includePrerelease)))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Text;
}
