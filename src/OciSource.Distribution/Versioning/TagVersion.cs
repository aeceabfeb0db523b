using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Semver;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// A registry tag read as a semantic version the way Flux reads it (<c>fluxcd/pkg/version.ParseVersion</c>):
/// Masterminds' strict SemVer 2.0 parse after dropping one lowercase <c>v</c> prefix — exactly
/// <c>major.minor.patch</c>, no leading zeros in numbers or numeric prerelease identifiers, optional
/// <c>-prerelease</c> and <c>+build</c>. Ordered by SemVer precedence (build metadata ignored).
/// </summary>
public sealed class TagVersion
{
    private TagVersion(SemVersion version, string original)
    {
        Version = version;
        Original = original;
    }

    /// <summary>The text the version was parsed from (for a Helm tag, after <c>_</c> → <c>+</c>).</summary>
    public string Original { get; }

    public BigInteger Major => Version.Major;

    public BigInteger Minor => Version.Minor;

    public BigInteger Patch => Version.Patch;

    /// <summary>The prerelease identifiers joined by dots; empty for a release.</summary>
    public string Prerelease => Version.Prerelease;

    public bool IsPrerelease => Version.IsPrerelease;

    internal SemVersion Version { get; }

    /// <summary>False for anything Flux would skip as "not a version" (e.g. <c>latest</c>, <c>1.2</c>, <c>01.2.3</c>).</summary>
    public static bool TryParse(string? tag, [NotNullWhen(true)] out TagVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(tag) || tag.Length > 256)
        {
            return false;
        }

        var text = tag.StartsWith('v') ? tag[1..] : tag;
        if (!SemVersion.TryParse(text, SemVersionStyles.Strict, out var parsed))
        {
            return false;
        }

        version = new TagVersion(parsed, tag);
        return true;
    }

    /// <summary>
    /// Masterminds' loose parse (<c>NewVersion</c>): optional <c>v</c>, leading zeros, one to three parts (the
    /// missing ones are zero). Used for a constraint's version, whose wildcards were already replaced by zeros.
    /// </summary>
    internal static bool TryParseLoose(string text, [NotNullWhen(true)] out TagVersion? version)
    {
        version = null;
        if (!SemVersion.TryParse(text, SemVersionStyles.AllowLowerV | SemVersionStyles.AllowLeadingZeros | SemVersionStyles.OptionalMinorPatch, out var parsed))
        {
            return false;
        }

        version = new TagVersion(parsed, text);
        return true;
    }

    /// <summary>Negative, zero or positive as this version's SemVer precedence is lower, equal or higher.</summary>
    public int ComparePrecedenceTo(TagVersion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SemVersion.ComparePrecedence(Version, other.Version);
    }

    public override string ToString() => Version.ToString();
}
