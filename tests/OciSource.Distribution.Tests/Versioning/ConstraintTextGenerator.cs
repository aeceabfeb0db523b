using System.Globalization;
using System.Text;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>
/// Random constraint and version texts: shapeless text over the grammar's characters, grammar-shaped text with
/// deliberate faults, and clean grammar text that must parse.
/// </summary>
internal sealed class ConstraintTextGenerator(Random random)
{
    private const string GrammarChars = "0123456789..--++xX*v|||,,<>=!~^   \t\nabzABZ_";
    private static readonly string[] Operators = ["", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^"];
    private static readonly string[] Separators = [" ", ", ", ",", "  ", " ,\t"];
    private static readonly string[] CommaSeparators = [", ", ",", " ,\t"];

    /// <summary>Text of 0 to 40 characters, mostly grammar characters, sometimes any UTF-16 unit.</summary>
    public string Shapeless()
    {
        var length = random.Next(41);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(10) == 0 ? (char)random.Next(char.MaxValue + 1) : GrammarChars[random.Next(GrammarChars.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A constraint built from the grammar; when <paramref name="clean"/> is false, pieces may be faulty.</summary>
    public string Constraint(bool clean, int maxGroups = 3)
    {
        var groups = Enumerable.Range(0, 1 + random.Next(maxGroups)).Select(_ => Group(clean));
        return string.Join(clean ? " || " : Pick(["||", " || ", "|||", "| |", "||  "]), groups);
    }

    /// <summary>One AND group of one to three terms (a hyphen range counts as one).</summary>
    public string Group(bool clean)
    {
        var terms = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Term(clean)).ToList();
        var text = new StringBuilder(terms[0]);
        for (var i = 1; i < terms.Count; i++)
        {
            // A hyphen range after a term needs a comma: Masterminds' range rewrite eats the spaces before it
            // ("1 2 - 3" becomes "1>= 2, <= 3 ", an improper constraint).
            var separator = terms[i].Contains(" - ", StringComparison.Ordinal) && clean ? Pick(CommaSeparators) : Pick(Separators);
            text.Append(clean || random.Next(8) > 0 ? separator : Pick(["", ";", " - "])).Append(terms[i]);
        }

        return text.ToString();
    }

    /// <summary>A version as written in a constraint: one to three numbers, wildcards, v, prerelease, metadata.</summary>
    public string Version(bool clean)
    {
        var text = new StringBuilder();
        if (random.Next(5) == 0)
        {
            text.Append('v');
        }

        var numbers = 1 + random.Next(3);
        for (var i = 0; i < numbers; i++)
        {
            text.Append(i > 0 ? "." : string.Empty).Append(Number(clean));
        }

        if (random.Next(3) == 0)
        {
            text.Append('-').Append(Identifiers(clean, prerelease: true));
        }

        if (random.Next(5) == 0)
        {
            text.Append('+').Append(Identifiers(clean, prerelease: false));
        }

        return text.ToString();
    }

    /// <summary>A release or prerelease version Flux would parse from a tag.</summary>
    public string TagVersion()
    {
        var text = $"{SmallNumber()}.{SmallNumber()}.{SmallNumber()}";
        if (random.Next(3) == 0)
        {
            text += "-" + Identifiers(clean: true, prerelease: true);
        }

        if (random.Next(6) == 0)
        {
            text += "+" + Identifiers(clean: true, prerelease: false);
        }

        return random.Next(6) == 0 ? "v" + text : text;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Term(bool clean)
    {
        if (random.Next(6) == 0)
        {
            return Version(clean) + " - " + Version(clean);
        }

        var spaces = random.Next(4) == 0 ? " " : string.Empty;
        return Pick(Operators) + spaces + Version(clean);
    }

    private string Number(bool clean)
    {
        return random.Next(clean ? 8 : 12) switch
        {
            0 => Pick(["x", "X", "*"]),
            1 => "0",
            >= 2 and <= 7 => SmallNumber().ToString(CultureInfo.InvariantCulture),
            8 => "0" + random.Next(10).ToString(CultureInfo.InvariantCulture),
            9 => "1|2",
            10 => "18446744073709551616",
            _ => "2x",
        };
    }

    private string Identifiers(bool clean, bool prerelease)
    {
        var parts = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(clean ? 5 : 7) switch
        {
            0 => random.Next(20).ToString(CultureInfo.InvariantCulture),
            1 => "rc",
            2 => "alpha",
            3 => "b-" + random.Next(5).ToString(CultureInfo.InvariantCulture),
            4 => "0",
            5 => prerelease ? "01" : "",
            _ => "é",
        });
        return string.Join('.', parts);
    }

    private int SmallNumber() => random.Next(4) == 0 ? random.Next(100) : random.Next(4);
}
