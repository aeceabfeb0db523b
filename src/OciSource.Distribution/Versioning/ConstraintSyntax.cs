namespace OciSource.Distribution.Versioning;

/// <summary>
/// The lexical pieces of Masterminds semver v3.4.0's constraint grammar, scanned by hand with the same results as
/// its regular expressions (Go RE2, leftmost-first). Every scan is greedy and deterministic: in this grammar the
/// greedy choice is the only one that can be followed by what the surrounding expressions require, so no
/// backtracking is needed (argued per method).
/// </summary>
internal static class ConstraintSyntax
{
    /// <summary>Go's <c>\s</c>: tab, newline, form feed, carriage return and space (not vertical tab, not Unicode).</summary>
    public static bool IsSpace(char c) => c is '\t' or '\n' or '\f' or '\r' or ' ';

    /// <summary>
    /// A character of a version number in a constraint: Masterminds writes the class <c>[0-9|x|X|\*]</c>, so the
    /// pipe is a member too (a quirk: <c>1|2</c> scans as one number, which later fails to parse).
    /// </summary>
    public static bool IsNumberChar(char c) => char.IsAsciiDigit(c) || c is '|' or 'x' or 'X' or '*';

    /// <summary>A prerelease or metadata identifier character: <c>[0-9A-Za-z-]</c>.</summary>
    public static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    /// <summary>The wildcards <c>x</c>, <c>X</c> and <c>*</c> (Masterminds <c>isX</c>: the whole number must be one).</summary>
    public static bool IsWildcard(string number) => number is "x" or "X" or "*";

    /// <summary>Returns the index after the run of <see cref="IsSpace"/> characters starting at <paramref name="i"/>.</summary>
    public static int SkipSpaces(string s, int i)
    {
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Scans <c>[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*</c> at <paramref name="start"/>, greedily. Returns the end index, or
    /// -1 when no identifier starts there.
    /// </summary>
    public static int ScanIdentifiers(string s, int start)
    {
        if (start >= s.Length || !IsIdentifierChar(s[start]))
        {
            return -1;
        }

        var i = start;
        while (true)
        {
            while (i < s.Length && IsIdentifierChar(s[i]))
            {
                i++;
            }

            if (i + 1 < s.Length && s[i] == '.' && IsIdentifierChar(s[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }
    }

    /// <summary>
    /// Scans a constraint version (Masterminds <c>cvRegex</c>:
    /// <c>v?N(\.N)?(\.N)?(-ID(\.ID)*)?(\+ID(\.ID)*)?</c> with <c>N = [0-9|xX*]+</c>) at <paramref name="start"/>,
    /// taking each optional part whenever it can (greedy). Returns null when no version starts there.
    /// </summary>
    /// <remarks>
    /// Greedy is also the longest match, and no shorter match can be followed by a space, a comma, an operator or the
    /// end (it would end before a version character), which is all the grammar ever allows after a version.
    /// </remarks>
    public static VersionToken? ScanVersion(string s, int start)
    {
        var i = start;
        if (i + 1 < s.Length && s[i] == 'v' && IsNumberChar(s[i + 1]))
        {
            i++;
        }

        var major = ScanNumber(s, ref i);
        if (major.Length == 0)
        {
            return null;
        }

        var minor = ScanDottedNumber(s, ref i);
        var patch = minor.Length > 0 ? ScanDottedNumber(s, ref i) : string.Empty;
        var prerelease = ScanLeadIdentifiers(s, ref i, '-');
        var metadata = ScanLeadIdentifiers(s, ref i, '+');
        return new VersionToken(s[start..i], start, i, major, minor, patch, prerelease);
    }

    /// <summary>
    /// Reads a comparison operator at <paramref name="i"/>: the two-character ones first, then the one-character
    /// ones; none (an implicit equals) gives "". In Masterminds' alternation the longest operator is the only one a
    /// version can follow, because operator characters never start a space or a version.
    /// </summary>
    public static string ScanOperator(string s, int i)
    {
        if (i + 1 < s.Length)
        {
            var two = s.Substring(i, 2);
            if (two is "!=" or ">=" or "=>" or "<=" or "=<" or "~>")
            {
                return two;
            }
        }

        return i < s.Length && s[i] is '=' or '>' or '<' or '~' or '^' ? s[i].ToString() : string.Empty;
    }

    private static string ScanNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && IsNumberChar(s[i]))
        {
            i++;
        }

        return s[start..i];
    }

    private static string ScanDottedNumber(string s, ref int i)
    {
        if (i + 1 >= s.Length || s[i] != '.' || !IsNumberChar(s[i + 1]))
        {
            return string.Empty;
        }

        i++;
        return ScanNumber(s, ref i);
    }

    private static string ScanLeadIdentifiers(string s, ref int i, char lead)
    {
        if (i >= s.Length || s[i] != lead)
        {
            return string.Empty;
        }

        var end = ScanIdentifiers(s, i + 1);
        if (end < 0)
        {
            return string.Empty;
        }

        var identifiers = s[(i + 1)..end];
        i = end;
        return identifiers;
    }
}
