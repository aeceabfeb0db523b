namespace OciSource.Distribution.Versioning;

/// <summary>
/// Masterminds semver v3.4.0 <c>NewConstraint</c>: hyphen ranges rewritten, the text split at every <c>||</c> into
/// OR groups, each group checked against the AND-list grammar and split into terms.
/// </summary>
/// <remarks>
/// <para>
/// Grammar of one OR group (Masterminds' <c>validConstraintRegex</c>, with <c>S</c> = Go <c>\s</c> =
/// <c>[\t\n\f\r ]</c>): <c>S* OP S* V S* ((S+ | ,S*) OP S* V S*)*</c>, where <c>OP</c> is one of <c>=</c>,
/// <c>!=</c>, <c>&gt;</c>, <c>&lt;</c>, <c>&gt;=</c>, <c>=&gt;</c>, <c>&lt;=</c>, <c>=&lt;</c>, <c>~</c>, <c>~&gt;</c>,
/// <c>^</c> or nothing, and <c>V</c> a constraint version (<see cref="ConstraintSyntax.ScanVersion"/>). So terms are
/// ANDed by spaces or commas, an empty group (<c>""</c>, <c>"1 ||"</c>) is improper, and a version may have one to
/// three numbers, wildcards, a <c>v</c> prefix, a prerelease and metadata.
/// </para>
/// <para>
/// Errors, in Masterminds' order (groups left to right; in each group, the grammar check first, then the terms):
/// <c>improper constraint: &lt;group text after range rewriting&gt;</c>, and <c>constraint parser error</c> for a
/// term whose version does not parse (see <see cref="Comparator.TryCreate"/>). Texts longer than
/// <see cref="MaxLength"/> characters are refused up front: Masterminds v3.4.0 has no bound (v3.5 bounds at 512),
/// and the bound keeps the quadratic range search cheap.
/// </para>
/// </remarks>
internal static class ConstraintParser
{
    /// <summary>The longest constraint text accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Parses <paramref name="text"/> into OR groups of AND terms. Throws <see cref="SemverConstraintException"/>
    /// with Flux's message when the text is not a valid constraint.
    /// </summary>
    public static Comparator[][] Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new SemverConstraintException(text, $"constraint string is too long (max {MaxLength} characters)");
        }

        var groups = HyphenRanges.Rewrite(text).Split("||");
        var result = new Comparator[groups.Length][];
        for (var g = 0; g < groups.Length; g++)
        {
            var terms = SplitTerms(groups[g]) ?? throw new SemverConstraintException(text, "improper constraint: " + groups[g]);
            result[g] = new Comparator[terms.Count];
            for (var t = 0; t < terms.Count; t++)
            {
                result[g][t] = Comparator.TryCreate(terms[t].Operator, terms[t].Version)
                    ?? throw new SemverConstraintException(text, "constraint parser error");
            }
        }

        return result;
    }

    /// <summary>
    /// Splits one OR group into its terms, or returns null when the group does not match the grammar. For a group
    /// that matches, these are the terms Masterminds' <c>findConstraintRegex</c> finds.
    /// </summary>
    internal static List<(string Operator, VersionToken Version)>? SplitTerms(string group)
    {
        var terms = new List<(string, VersionToken)>();
        var i = ConstraintSyntax.SkipSpaces(group, 0);
        while (true)
        {
            var op = ConstraintSyntax.ScanOperator(group, i);
            if (ConstraintSyntax.ScanVersion(group, ConstraintSyntax.SkipSpaces(group, i + op.Length)) is not { } version)
            {
                return null;
            }

            terms.Add((op, version));
            var next = ConstraintSyntax.SkipSpaces(group, version.End);
            if (next == group.Length)
            {
                return terms;
            }

            if (group[next] == ',')
            {
                i = ConstraintSyntax.SkipSpaces(group, next + 1);
            }
            else if (next > version.End)
            {
                i = next;
            }
            else
            {
                return null;
            }
        }
    }
}
