using System.Text.RegularExpressions;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// A Masterminds semver v3 constraint, as Flux's <c>ref.semver</c> uses it: comparisons joined by spaces or commas
/// (AND) and <c>||</c> (OR); operators <c>= != &gt; &lt; &gt;= =&gt; &lt;= =&lt; ~ ~&gt; ^</c> (none means <c>=</c>);
/// versions with an optional <c>v</c>, one to three parts, <c>x</c>/<c>X</c>/<c>*</c> wildcards and an optional
/// prerelease; hyphen ranges <c>1.2 - 1.4.5</c> (<c>&gt;= 1.2, &lt;= 1.4.5</c>). A version is accepted when every
/// comparison of one OR branch accepts it.
/// </summary>
public sealed partial class SemverConstraint
{
    private const string VersionPattern =
        @"v?([0-9xX*]+)(\.[0-9xX*]+)?(\.[0-9xX*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

    /// <summary>Longest expression accepted (the CRD does not bound it; the regexes should not see megabytes).</summary>
    public const int MaxLength = 4096;

    private const string OperatorPattern = "!=|>=|=>|<=|=<|~>|>|<|=|~|\\^|";

    private readonly IReadOnlyList<IReadOnlyList<Comparator>> _branches;

    private SemverConstraint(string text, IReadOnlyList<IReadOnlyList<Comparator>> branches)
    {
        Text = text;
        _branches = branches;
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <exception cref="SemverConstraintException">
    /// Not a valid constraint; the message is <c>semver '&lt;text&gt;' parse error: improper constraint: &lt;part&gt;</c>.
    /// </exception>
    public static SemverConstraint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw Error(text[..64] + "...", $"longer than {MaxLength} characters");
        }

        var rewritten = HyphenRange().Replace(text, m => $">= {m.Groups[1].Value}, <= {m.Groups[11].Value} ", 1);
        var branches = new List<IReadOnlyList<Comparator>>();
        foreach (var branch in rewritten.Split("||"))
        {
            if (!ValidBranch().IsMatch(branch))
            {
                throw Error(text, $"improper constraint: {branch}");
            }

            branches.Add([.. OneComparison().Matches(branch).Select(m => Comparison(text, m))]);
        }

        return new SemverConstraint(text, branches);
    }

    public bool IsSatisfiedBy(TagVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _branches.Any(branch => branch.All(c => c.IsSatisfiedBy(version)));
    }

    public override string ToString() => Text;

    private static Comparator Comparison(string text, Match match)
    {
        var op = match.Groups[1].Value;
        var major = match.Groups[3].Value;
        var minor = match.Groups[4].Value.TrimStart('.');
        var patch = match.Groups[5].Value.TrimStart('.');
        var prerelease = match.Groups[6].Value;
        bool minorDirty = false, patchDirty = false, dirty = true;
        string version;
        if (IsWildcard(major))
        {
            version = "0.0.0" + prerelease;
        }
        else if (IsWildcard(minor) || minor.Length == 0)
        {
            minorDirty = true;
            version = $"{major}.0.0{prerelease}";
        }
        else if (IsWildcard(patch) || patch.Length == 0)
        {
            patchDirty = true;
            version = $"{major}.{minor}.0{prerelease}";
        }
        else
        {
            dirty = false;
            version = $"{major}.{minor}.{patch}{prerelease}";
        }

        return TagVersion.TryParseLoose(version, out var parsed)
            ? new Comparator(op, parsed, dirty, minorDirty, patchDirty)
            : throw Error(text, $"improper constraint: {match.Value.Trim()}");
    }

    private static bool IsWildcard(string part) => part is "x" or "X" or "*";

    private static SemverConstraintException Error(string text, string detail) => new($"semver '{text}' parse error: {detail}");

    [GeneratedRegex(@"\s*(" + VersionPattern + @")\s+-\s+(" + VersionPattern + @")\s*", RegexOptions.NonBacktracking)]
    private static partial Regex HyphenRange();

    [GeneratedRegex(@"^\s*(" + OperatorPattern + @")\s*(" + VersionPattern + @")\s*((?:\s+|,\s*)(" + OperatorPattern + @")\s*(" + VersionPattern + @")\s*)*$", RegexOptions.NonBacktracking)]
    private static partial Regex ValidBranch();

    [GeneratedRegex("(" + OperatorPattern + @")\s*(" + VersionPattern + ")")]
    private static partial Regex OneComparison();
}
