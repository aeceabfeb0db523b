namespace OciSource.Distribution.Versioning;

/// <summary>
/// One operator-and-version term of a constraint (Masterminds semver v3.4.0 <c>constraint</c>), with its check.
/// </summary>
/// <remarks>
/// A version with a wildcard (<c>x</c>, <c>X</c>, <c>*</c>) or fewer than three numbers is "dirty": <c>1.x</c> and
/// <c>1</c> become 1.0.0 with the minor marked as a wildcard, <c>1.2.x</c> and <c>1.2</c> become 1.2.0 with the patch
/// marked, a wildcard major becomes 0.0.0; the numbers after the first wildcard are ignored, and so is the metadata of
/// a dirty version. The checks below are Masterminds' per-operator functions, case by case.
/// </remarks>
internal sealed class Comparator
{
    private Comparator(string operatorText, string versionText, TagVersion version, bool minorWildcard, bool patchWildcard, bool wildcard)
    {
        OperatorText = operatorText;
        Operator = ToOperator(operatorText);
        VersionText = versionText;
        Version = version;
        MinorWildcard = minorWildcard;
        PatchWildcard = patchWildcard;
        HasWildcard = wildcard;
    }

    public ComparisonOperator Operator { get; }

    /// <summary>The operator as written ("" when implicit).</summary>
    public string OperatorText { get; }

    /// <summary>The version as written.</summary>
    public string VersionText { get; }

    /// <summary>The version checked against, wildcards and missing numbers set to 0.</summary>
    public TagVersion Version { get; }

    /// <summary>True for a wildcard or missing minor (<c>1</c>, <c>1.x</c>).</summary>
    public bool MinorWildcard { get; }

    /// <summary>True for a wildcard or missing patch (<c>1.2</c>, <c>1.2.x</c>).</summary>
    public bool PatchWildcard { get; }

    /// <summary>True when any number is a wildcard or missing (Masterminds' <c>dirty</c>).</summary>
    public bool HasWildcard { get; }

    /// <summary>
    /// Builds the term for an operator and a scanned version, or returns null where Masterminds fails with
    /// "constraint parser error" (a number that is not all digits, beyond 64 bits, or a prerelease numeric
    /// identifier with a leading zero).
    /// </summary>
    public static Comparator? TryCreate(string operatorText, VersionToken token)
    {
        var prerelease = token.Prerelease.Length > 0 ? "-" + token.Prerelease : string.Empty;
        string text;
        bool minorWildcard = false, patchWildcard = false, wildcard = true;
        if (ConstraintSyntax.IsWildcard(token.Major))
        {
            text = "0.0.0" + prerelease;
        }
        else if (token.Minor.Length == 0 || ConstraintSyntax.IsWildcard(token.Minor))
        {
            minorWildcard = true;
            text = token.Major + ".0.0" + prerelease;
        }
        else if (token.Patch.Length == 0 || ConstraintSyntax.IsWildcard(token.Patch))
        {
            patchWildcard = true;
            text = token.Major + "." + token.Minor + ".0" + prerelease;
        }
        else
        {
            wildcard = false;
            text = token.Text;
        }

        return TagVersion.TryParseLoose(text, out var version)
            ? new Comparator(operatorText, token.Text, version, minorWildcard, patchWildcard, wildcard)
            : null;
    }

    /// <summary>
    /// True when <paramref name="version"/> satisfies this term. A prerelease version never does unless
    /// <paramref name="includePrerelease"/> (set when any term of the same AND group has a prerelease).
    /// </summary>
    public bool IsSatisfiedBy(TagVersion version, bool includePrerelease)
    {
        if (version.Prerelease.Length > 0 && !includePrerelease)
        {
            return false;
        }

        return Operator switch
        {
            ComparisonOperator.NotEqual => NotEqual(version),
            ComparisonOperator.GreaterThan => GreaterThan(version),
            ComparisonOperator.LessThan => version.CompareTo(Version) < 0,
            ComparisonOperator.GreaterThanOrEqual => version.CompareTo(Version) >= 0,
            ComparisonOperator.LessThanOrEqual => LessThanOrEqual(version),
            ComparisonOperator.Tilde => Tilde(version),
            ComparisonOperator.Caret => Caret(version),
            _ => HasWildcard ? Tilde(version) : version.CompareTo(Version) == 0,
        };
    }

    public override string ToString() => OperatorText + VersionText;

    private static ComparisonOperator ToOperator(string text) => text switch
    {
        "!=" => ComparisonOperator.NotEqual,
        ">" => ComparisonOperator.GreaterThan,
        "<" => ComparisonOperator.LessThan,
        ">=" or "=>" => ComparisonOperator.GreaterThanOrEqual,
        "<=" or "=<" => ComparisonOperator.LessThanOrEqual,
        "~" or "~>" => ComparisonOperator.Tilde,
        "^" => ComparisonOperator.Caret,
        _ => ComparisonOperator.Equal,
    };

    private bool NotEqual(TagVersion v)
    {
        if (HasWildcard)
        {
            if (v.Major != Version.Major)
            {
                return true;
            }

            if (v.Minor != Version.Minor && !MinorWildcard)
            {
                return true;
            }

            if (MinorWildcard)
            {
                return false;
            }

            if (v.Patch != Version.Patch && !PatchWildcard)
            {
                return true;
            }

            if (PatchWildcard)
            {
                return (v.Prerelease.Length > 0 || Version.Prerelease.Length > 0)
                    && PrereleaseOrder.Compare(v.Prerelease, Version.Prerelease) != 0;
            }
        }

        return v.CompareTo(Version) != 0;
    }

    private bool GreaterThan(TagVersion v)
    {
        if (!HasWildcard || (!MinorWildcard && !PatchWildcard && v.Major == Version.Major))
        {
            return v.CompareTo(Version) > 0;
        }

        if (v.Major != Version.Major)
        {
            return v.Major > Version.Major;
        }

        // >1 needs 2.0.0 or higher; >1.1 needs 1.2.0 or higher.
        return PatchWildcard && v.Minor > Version.Minor;
    }

    private bool LessThanOrEqual(TagVersion v)
    {
        if (!HasWildcard)
        {
            return v.CompareTo(Version) <= 0;
        }

        // <=1 allows all of 1.x; <=1.1 allows all of 1.1.x.
        return v.Major < Version.Major || (v.Major == Version.Major && (v.Minor <= Version.Minor || MinorWildcard));
    }

    private bool Tilde(TagVersion v)
    {
        if (v.CompareTo(Version) < 0)
        {
            return false;
        }

        // ~0.0.0 (and ~*) accept everything at or above 0.0.0.
        if (Version.Major == 0 && Version.Minor == 0 && Version.Patch == 0 && !MinorWildcard && !PatchWildcard)
        {
            return true;
        }

        return v.Major == Version.Major && (v.Minor == Version.Minor || MinorWildcard);
    }

    private bool Caret(TagVersion v)
    {
        if (v.CompareTo(Version) < 0)
        {
            return false;
        }

        if (Version.Major > 0 || MinorWildcard)
        {
            return v.Major == Version.Major;
        }

        if (v.Major > 0)
        {
            return false;
        }

        if (Version.Minor > 0 || PatchWildcard)
        {
            return v.Minor == Version.Minor;
        }

        return v.Minor == 0 && v.Patch == Version.Patch;
    }
}
