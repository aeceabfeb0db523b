using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Semver;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// A semantic version read from an OCI tag (or built for a constraint), ordered as Masterminds semver v3.4.0 orders
/// versions, which is what Flux's source-controller uses. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// <b>Tag parsing</b> (<see cref="TryParse"/>) follows fluxcd/pkg <c>version.ParseVersion</c> (version/version.go):
/// the tag must pass Masterminds <c>StrictNewVersion</c> after removing ONE leading lowercase <c>v</c>, and then
/// <c>NewVersion</c> on the tag as given. Together that is exactly:
/// an optional single lowercase <c>v</c>; exactly three dot-separated ASCII-digit numbers, each without a leading zero
/// (<c>0</c> itself is fine) and at most 18446744073709551615 (Go <c>ParseUint(…, 64)</c>); an optional <c>-</c>
/// prerelease of non-empty dot-separated identifiers of <c>[0-9A-Za-z-]</c>, numeric identifiers without leading
/// zeros; an optional <c>+</c> build metadata of non-empty dot-separated identifiers of <c>[0-9A-Za-z-]</c> (leading
/// zeros allowed). No whitespace, no <c>V</c>, no <c>vv</c>, no 1- or 2-part or 4-part versions. Flux's own test
/// cases (version_test.go): <c>v1.2.3</c>, <c>v1.2.0-x.Y.0+metadata</c>, <c>v1.2.3-rc1-with-hypen</c> parse;
/// <c>v1.0</c>, <c>v1</c>, <c>v1.2.beta</c>, <c>v1.2-5</c>, <c>\nv1.2</c>, <c>v1.2.3.4</c> do not.
/// The reference inventory (row 5) says leading zeros are accepted; they are not: <c>StrictNewVersion</c> returns
/// "version segment starts with 0" for <c>01.2.3</c>, so Flux skips such tags, and so does this parser.
/// The strict syntax check is done by the Semver package (<see cref="SemVersionStyles.Strict"/> plus
/// <see cref="SemVersionStyles.AllowLowerV"/>); the 64-bit range check is added here.
/// </para>
/// <para>
/// <b>Loose parsing</b> (<see cref="TryParseLoose"/>) is Masterminds <c>NewVersion</c> with its default
/// <c>CoerceNewVersion = true</c>: optional <c>v</c>, one to three numbers (missing ones are 0, leading zeros allowed),
/// prerelease (numeric identifiers still without leading zeros) and metadata as above. Constraints build their
/// versions with it.
/// </para>
/// <para>
/// <b>Order</b> (<see cref="CompareTo"/>) is Masterminds <c>Version.Compare</c>: major, minor, patch numerically;
/// a version without prerelease is higher than one with; prereleases compare identifier by identifier, where a
/// missing identifier is lower, two identifiers that parse as unsigned 64-bit integers compare numerically, a numeric
/// identifier is lower than a non-numeric one, and two non-numeric ones compare by ordinal (byte) order. A
/// digits-only identifier too large for 64 bits therefore counts as non-numeric (a Go quirk kept on purpose).
/// Build metadata is ignored: versions differing only in metadata compare equal.
/// </para>
/// </remarks>
internal sealed class TagVersion : IComparable<TagVersion>
{
    private TagVersion(ulong major, ulong minor, ulong patch, string prerelease, string metadata, string original)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Metadata = metadata;
        Original = original;
    }

    public ulong Major { get; }

    public ulong Minor { get; }

    public ulong Patch { get; }

    /// <summary>The prerelease without its leading <c>-</c>; empty when there is none.</summary>
    public string Prerelease { get; }

    /// <summary>The build metadata without its leading <c>+</c>; empty when there is none.</summary>
    public string Metadata { get; }

    /// <summary>The text this version was parsed from, unchanged.</summary>
    public string Original { get; }

    /// <summary>
    /// Parses <paramref name="tag"/> as Flux's <c>version.ParseVersion</c> does (see the type remarks). Never throws;
    /// returns false for null or any text Flux would skip.
    /// </summary>
    public static bool TryParse(string? tag, [NotNullWhen(true)] out TagVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(tag)
            || !SemVersion.TryParse(tag, SemVersionStyles.Strict | SemVersionStyles.AllowLowerV, out var parsed, tag.Length)
            || parsed.Major > ulong.MaxValue || parsed.Minor > ulong.MaxValue || parsed.Patch > ulong.MaxValue)
        {
            return false;
        }

        version = new TagVersion((ulong)parsed.Major, (ulong)parsed.Minor, (ulong)parsed.Patch, parsed.Prerelease, parsed.Metadata, tag);
        return true;
    }

    /// <summary>
    /// Parses <paramref name="text"/> as Masterminds <c>NewVersion</c> does by default (see the type remarks). Never
    /// throws; returns false for null or text <c>NewVersion</c> rejects (including numbers beyond 64 bits).
    /// </summary>
    public static bool TryParseLoose(string? text, [NotNullWhen(true)] out TagVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var i = text[0] == 'v' ? 1 : 0;
        var numbers = new ulong[3];
        for (var part = 0; part < 3; part++)
        {
            if (part > 0 && (i >= text.Length || text[i] != '.'))
            {
                break;
            }

            var start = part > 0 ? i + 1 : i;
            var end = start;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end == start || !ulong.TryParse(text.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out numbers[part]))
            {
                return false;
            }

            i = end;
        }

        var prerelease = ReadIdentifiers(text, ref i, '-');
        var metadata = ReadIdentifiers(text, ref i, '+');
        if (i != text.Length || prerelease is null || metadata is null || !PrereleaseOrder.IsValidPrerelease(prerelease))
        {
            return false;
        }

        version = new TagVersion(numbers[0], numbers[1], numbers[2], prerelease, metadata, text);
        return true;
    }

    /// <summary>Orders by precedence as Masterminds <c>Version.Compare</c> (see the type remarks).</summary>
    public int CompareTo(TagVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var result = Major.CompareTo(other.Major);
        if (result == 0)
        {
            result = Minor.CompareTo(other.Minor);
        }

        if (result == 0)
        {
            result = Patch.CompareTo(other.Patch);
        }

        if (result != 0)
        {
            return result;
        }

        return (Prerelease.Length, other.Prerelease.Length) switch
        {
            (0, 0) => 0,
            (0, _) => 1,
            (_, 0) => -1,
            _ => PrereleaseOrder.Compare(Prerelease, other.Prerelease),
        };
    }

    public override string ToString() => Original;

    /// <summary>
    /// Reads <c>lead</c> followed by dot-separated non-empty identifiers of <c>[0-9A-Za-z-]</c> at
    /// <paramref name="i"/>. Returns "" when <c>lead</c> is not there, null when it is there but malformed.
    /// </summary>
    private static string? ReadIdentifiers(string text, ref int i, char lead)
    {
        if (i >= text.Length || text[i] != lead)
        {
            return string.Empty;
        }

        var end = ConstraintSyntax.ScanIdentifiers(text, i + 1);
        if (end < 0)
        {
            return null;
        }

        var identifiers = text[(i + 1)..end];
        i = end;
        return identifiers;
    }
}
