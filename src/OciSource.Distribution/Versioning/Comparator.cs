using System.Numerics;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// One comparison of a Masterminds semver v3 constraint (<c>&gt;=1.2</c>, <c>~1.2.3</c>, <c>^0.2</c>, <c>1.x</c>…):
/// an operator and a version whose missing or wildcard parts were filled with zeros, remembering which part was
/// "dirty" (wildcard or absent), since ranges depend on it. Masterminds' prerelease rule applies to every operator:
/// a prerelease version satisfies a comparison only if the comparison's own version has a prerelease.
/// </summary>
internal sealed class Comparator(string op, TagVersion version, bool dirty, bool minorDirty, bool patchDirty)
{
    public bool IsSatisfiedBy(TagVersion v)
    {
        if (v.IsPrerelease && !version.IsPrerelease)
        {
            return false;
        }

        return op switch
        {
            "" or "=" => dirty ? Tilde(v) : Compare(v) == 0,
            "!=" => NotEqual(v),
            ">" => GreaterThan(v),
            "<" => Compare(v) < 0,
            ">=" or "=>" => Compare(v) >= 0,
            "<=" or "=<" => LessThanOrEqual(v),
            "~" or "~>" => Tilde(v),
            "^" => Caret(v),
            _ => false,
        };
    }

    private int Compare(TagVersion v) => v.ComparePrecedenceTo(version);

    private bool NotEqual(TagVersion v)
    {
        if (dirty)
        {
            if (version.Major != v.Major)
            {
                return true;
            }

            if (minorDirty)
            {
                return false;
            }

            if (version.Minor != v.Minor)
            {
                return true;
            }

            if (patchDirty)
            {
                // 1.2.x excludes every 1.2.z release; prereleases differ only when their labels differ.
                return (v.IsPrerelease || version.IsPrerelease) &&
                    Semver.SemVersion.ComparePrecedence(Semver.SemVersion.ParsedFrom(0, 0, 0, v.Prerelease), Semver.SemVersion.ParsedFrom(0, 0, 0, version.Prerelease)) != 0;
            }
        }

        return Compare(v) != 0;
    }

    // >11 means 12 or higher; >11.1 means 11.2 or higher; >11.1.0 is a plain comparison.
    private bool GreaterThan(TagVersion v)
    {
        if (!dirty)
        {
            return Compare(v) > 0;
        }

        if (v.Major != version.Major)
        {
            return v.Major > version.Major;
        }

        if (minorDirty)
        {
            return false;
        }

        if (patchDirty)
        {
            return v.Minor > version.Minor;
        }

        return Compare(v) > 0;
    }

    // <=1 includes every 1.y.z; <=1.2 includes every 1.2.z.
    private bool LessThanOrEqual(TagVersion v)
    {
        if (!dirty)
        {
            return Compare(v) <= 0;
        }

        if (v.Major > version.Major)
        {
            return false;
        }

        return !(v.Major == version.Major && v.Minor > version.Minor && !minorDirty);
    }

    // ~1.2.3 → >=1.2.3 <1.3.0; ~1.2 → >=1.2.0 <1.3.0; ~1 → >=1.0.0 <2.0.0; ~0.0.0 (or ~*) → anything.
    private bool Tilde(TagVersion v)
    {
        if (Compare(v) < 0)
        {
            return false;
        }

        if (version.Major.IsZero && version.Minor.IsZero && version.Patch.IsZero && !minorDirty && !patchDirty)
        {
            return true;
        }

        return v.Major == version.Major && (minorDirty || v.Minor == version.Minor);
    }

    // ^* → anything; ^1.2.3 → <2.0.0; ^0.2.3 → <0.3.0; ^0.0.3 → <0.0.4; ^0 → <1.0.0; ^0.0 → <0.1.0.
    private bool Caret(TagVersion v)
    {
        if (Compare(v) < 0)
        {
            return false;
        }

        if (dirty && !minorDirty && !patchDirty)
        {
            return true;
        }

        if (version.Major > BigInteger.Zero || minorDirty)
        {
            return v.Major == version.Major;
        }

        if (v.Major > BigInteger.Zero)
        {
            return false;
        }

        if (version.Minor > BigInteger.Zero || patchDirty)
        {
            return v.Minor == version.Minor;
        }

        if (v.Minor > BigInteger.Zero)
        {
            return false;
        }

        return v.Patch == version.Patch;
    }
}
