using System.Text.RegularExpressions;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// Picks the tag for <c>ref.semver</c> as Flux does (<c>getTagBySemver</c>): the raw tags are filtered by
/// <c>ref.semverFilter</c> (unanchored), parsed as versions (others are skipped), checked against the constraint,
/// and the highest precedence wins; the registry's own tag string is returned. With Helm's tag encoding
/// (the layer selector asks for Helm's chart media type) <c>_</c> in a tag reads as <c>+</c>, as <c>helm push</c>
/// writes build metadata. Versions differing only in build metadata have equal precedence; among those the
/// ordinally greatest tag wins, so the choice is deterministic.
/// </summary>
public static class SemverTagSelector
{
    private static readonly TimeSpan FilterTimeout = TimeSpan.FromSeconds(2);

    /// <exception cref="SemverConstraintException">The constraint does not parse (Flux's message).</exception>
    /// <exception cref="SemverFilterException">The filter is not a valid regular expression.</exception>
    /// <exception cref="NoMatchingTagException">No tag matches (Flux's message).</exception>
    public static string SelectHighest(IEnumerable<string> tags, string constraint, string? filter, bool helmTagEncoding)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var parsed = SemverConstraint.Parse(constraint);
        var regex = string.IsNullOrEmpty(filter) ? null : CompileFilter(filter);
        string? bestTag = null;
        TagVersion? best = null;
        foreach (var tag in tags)
        {
            if (regex is not null && !regex.IsMatch(tag))
            {
                continue;
            }

            if (!TagVersion.TryParse(helmTagEncoding ? tag.Replace('_', '+') : tag, out var version) || !parsed.IsSatisfiedBy(version))
            {
                continue;
            }

            var order = best is null ? 1 : version.ComparePrecedenceTo(best);
            if (order > 0 || (order == 0 && string.CompareOrdinal(tag, bestTag) > 0))
            {
                best = version;
                bestTag = tag;
            }
        }

        return bestTag ?? throw new NoMatchingTagException($"no match found for semver: {constraint}");
    }

    /// <summary>
    /// Compiles a Go RE2 expression with .NET's linear-time engine. RE2's <c>(?P&lt;name&gt;…)</c> groups are
    /// accepted; constructs RE2 lacks (backreferences, lookarounds) are rejected by the engine as RE2 would reject
    /// them. Not translated: POSIX classes such as <c>[[:alpha:]]</c> and Go's <c>\z</c>-only end semantics of <c>$</c>
    /// (.NET's <c>$</c> also matches before a final newline, which a tag never contains).
    /// </summary>
    private static Regex CompileFilter(string filter)
    {
        try
        {
            return new Regex(filter.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, FilterTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new SemverFilterException($"semver filter '{filter}' is not a valid regular expression: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new SemverFilterException($"semver filter '{filter}' uses a construct Go's RE2 does not support: {ex.Message}", ex);
        }
    }
}
