namespace OciSource.Distribution.Versioning;

/// <summary>
/// Masterminds semver v3.4.0 <c>rewriteRange</c>: every hyphen range <c>A - B</c> in the whole constraint (before it
/// is split at <c>||</c>) becomes <c>&gt;= A, &lt;= B </c>, with its quirks kept, because Flux's results and error
/// messages depend on them.
/// </summary>
/// <remarks>
/// The ranges are found left to right without overlap as the Go expression <c>\s*(V)\s+-\s+(V)\s*</c> finds them
/// (<c>V</c> a constraint version, see <see cref="ConstraintSyntax.ScanVersion"/>); spaces around the hyphen are
/// required, so <c>1.1-3</c> is a version with prerelease <c>3</c>, not a range. Each found text is then replaced by
/// its rewrite at its FIRST occurrence in the string rewritten so far (Go <c>strings.Replace(…, 1)</c>), which can
/// be an earlier, overlapping spot: <c>1 - 2 - 3 2 - 3</c> becomes <c>&gt;= 1, &lt;=&gt;= 2, &lt;= 3  2 - 3</c>,
/// an improper constraint, exactly as in Flux. The second version of a range may swallow a following <c>||</c>
/// (the pipe is a version character), as in Masterminds.
/// </remarks>
internal static class HyphenRanges
{
    /// <summary>Returns <paramref name="text"/> with its hyphen ranges rewritten. Cost is at most quadratic in the length.</summary>
    public static string Rewrite(string text)
    {
        var found = new List<(string Range, string Replacement)>();
        var position = 0;
        while (position < text.Length && FindNext(text, position) is { } match)
        {
            found.Add((text[match.Start..match.End], $">= {match.Low}, <= {match.High} "));
            position = match.End;
        }

        var result = text;
        foreach (var (range, replacement) in found)
        {
            var index = result.IndexOf(range, StringComparison.Ordinal);
            if (index >= 0)
            {
                result = string.Concat(result.AsSpan(0, index), replacement, result.AsSpan(index + range.Length));
            }
        }

        return result;
    }

    private static (int Start, int End, string Low, string High)? FindNext(string text, int from)
    {
        for (var start = from; start < text.Length; start++)
        {
            if (MatchAt(text, start) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    private static (int Start, int End, string Low, string High)? MatchAt(string text, int start)
    {
        if (ConstraintSyntax.ScanVersion(text, ConstraintSyntax.SkipSpaces(text, start)) is not { } low)
        {
            return null;
        }

        var hyphen = ConstraintSyntax.SkipSpaces(text, low.End);
        if (hyphen == low.End || hyphen >= text.Length || text[hyphen] != '-')
        {
            return null;
        }

        var highStart = ConstraintSyntax.SkipSpaces(text, hyphen + 1);
        if (highStart == hyphen + 1 || ConstraintSyntax.ScanVersion(text, highStart) is not { } high)
        {
            return null;
        }

        return (start, ConstraintSyntax.SkipSpaces(text, high.End), low.Text, high.Text);
    }
}
