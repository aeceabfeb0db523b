using System.Text;
using System.Text.RegularExpressions;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// Rewrites a Go RE2 expression (Flux's <c>semverFilter</c> syntax) into a .NET expression with the same meaning,
/// where the two syntaxes differ in ways that matter for tags.
/// </summary>
/// <remarks>
/// <para>Handled here:</para>
/// <list type="bullet">
/// <item><c>(?P&lt;name&gt;…)</c> named groups become <c>(?&lt;name&gt;…)</c> (.NET rejects the P form).</item>
/// <item>POSIX classes inside brackets (<c>[[:digit:]]</c>, alnum, alpha, ascii, blank, cntrl, graph, lower, print,
/// punct, space, upper, word, xdigit) become ASCII ranges; .NET would silently read them as plain characters.
/// Negated ones (<c>[[:^digit:]]</c>, valid in RE2) are refused; unknown names are refused as in Go.</item>
/// <item>A <c>[</c> inside brackets is escaped, so .NET never reads <c>[a-z-[aeiou]]</c> as class subtraction (in RE2
/// it is a class of <c>a-z</c>, <c>-</c>, <c>[</c>, <c>aeiou</c>, followed by a literal <c>]</c>).</item>
/// <item><c>\pL</c>/<c>\PL</c> one-letter Unicode classes become <c>\p{L}</c>/<c>\P{L}</c>; <c>\Q…\E</c> literal
/// text is escaped.</item>
/// <item>Repeat counts above 1000 (<c>a{1001}</c>) and an unterminated class or trailing backslash are refused, as
/// Go refuses them.</item>
/// </list>
/// <para>Not handled (documented differences):</para>
/// <list type="bullet">
/// <item><c>\d</c>, <c>\w</c>, <c>\s</c>, <c>\b</c> are ASCII in RE2 and Unicode in .NET, and .NET's <c>\s</c> also
/// matches a vertical tab; <c>$</c> without <c>(?m)</c> also matches before a final newline in .NET. None of these
/// characters can occur in an OCI tag (<c>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}</c>), so results on real tags agree.</item>
/// <item>RE2 syntax .NET lacks is refused by .NET (loud, never silent): <c>(?U)</c>, <c>\C</c>, <c>\x{…}</c>, octal
/// escapes such as <c>\12</c>, Unicode script names (<c>\p{Greek}</c>).</item>
/// <item>.NET syntax RE2 lacks: lookarounds, backreferences and atomic groups are refused by the NonBacktracking
/// engine; <c>\Z</c>, <c>(?x)</c>, <c>(?n)</c>, <c>(?'name'…)</c> and the escapes <c>\e</c>, <c>\cX</c>,
/// <c>\G</c>, <c>\uXXXX</c> are accepted here although Flux would refuse them.</item>
/// </list>
/// </remarks>
internal static class Re2Syntax
{
    /// <summary>Go's largest repeat count.</summary>
    public const int MaxRepeat = 1000;

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = @"\x00-\x7F",
        ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["digit"] = "0-9",
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>
    /// Returns the .NET form of <paramref name="pattern"/>. Throws <see cref="ArgumentException"/> naming the problem
    /// for the RE2 errors detected here; other errors surface when .NET compiles the result.
    /// </summary>
    public static string ToDotNet(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 16);
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    i = AppendEscape(pattern, i, result, inClass: false);
                    break;
                case '[':
                    i = AppendClass(pattern, i, result);
                    break;
                case '{':
                    i = AppendBrace(pattern, i, result);
                    break;
                case '(' when pattern.AsSpan(i).StartsWith("(?P<", StringComparison.Ordinal):
                    result.Append("(?<");
                    i += 4;
                    break;
                default:
                    result.Append(pattern[i]);
                    i++;
                    break;
            }
        }

        return result.ToString();
    }

    private static int AppendEscape(string pattern, int i, StringBuilder result, bool inClass)
    {
        if (i + 1 >= pattern.Length)
        {
            throw new ArgumentException("trailing backslash at end of expression");
        }

        var next = pattern[i + 1];
        if (next == 'Q' && !inClass)
        {
            var end = pattern.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
            var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
            result.Append(Regex.Escape(literal));
            return end < 0 ? pattern.Length : end + 2;
        }

        if (next is 'p' or 'P' && i + 2 < pattern.Length && char.IsAsciiLetter(pattern[i + 2]))
        {
            result.Append('\\').Append(next).Append('{').Append(pattern[i + 2]).Append('}');
            return i + 3;
        }

        result.Append('\\').Append(next);
        return i + 2;
    }

    private static int AppendClass(string pattern, int start, StringBuilder result)
    {
        result.Append('[');
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            result.Append('^');
            i++;
        }

        var first = true;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == ']' && !first)
            {
                result.Append(']');
                return i + 1;
            }

            first = false;
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                i = AppendPosixClass(pattern, i, result);
            }
            else if (c == '\\')
            {
                i = AppendEscape(pattern, i, result, inClass: true);
            }
            else
            {
                result.Append(c is '[' or ']' ? "\\" + c : c.ToString());
                i++;
            }
        }

        throw new ArgumentException("missing closing ]");
    }

    private static int AppendPosixClass(string pattern, int i, StringBuilder result)
    {
        var end = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            // No closing ":]": RE2 takes the '[' literally, and so does the escaped form.
            result.Append(@"\[");
            return i + 1;
        }

        var name = pattern[(i + 2)..end];
        if (name.StartsWith('^') && PosixClasses.ContainsKey(name[1..]))
        {
            throw new ArgumentException($"negated POSIX class [:{name}:] is not supported");
        }

        if (!PosixClasses.TryGetValue(name, out var ranges))
        {
            throw new ArgumentException($"invalid character class range: [:{name}:]");
        }

        result.Append(ranges);
        return end + 2;
    }

    private static int AppendBrace(string pattern, int start, StringBuilder result)
    {
        var close = pattern.IndexOf('}', start);
        var body = close < 0 ? null : pattern[(start + 1)..close];
        var bounds = body?.Split(',');
        if (bounds is { Length: 1 or 2 } && bounds[0].Length > 0 && bounds.All(b => b.All(char.IsAsciiDigit))
            && bounds.Any(b => b.Length > 4 || (b.Length > 0 && int.Parse(b, System.Globalization.CultureInfo.InvariantCulture) > MaxRepeat)))
        {
            throw new ArgumentException($"invalid repeat count {{{body}}} (at most {MaxRepeat})");
        }

        result.Append('{');
        return start + 1;
    }
}
