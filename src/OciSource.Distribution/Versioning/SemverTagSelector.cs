namespace OciSource.Distribution.Versioning;

/// <summary>
/// Resolves <c>ref.semver</c> (with <c>ref.semverFilter</c>) to one tag of a repository's tag list, as Flux's
/// source-controller <c>getTagBySemver</c> does.
/// </summary>
public static class SemverTagSelector
{
    /// <summary>
    /// Returns the tag, exactly as listed by the registry, whose version is the highest that satisfies
    /// <paramref name="constraint"/>.
    /// </summary>
    /// <param name="tags">The repository's tags, in any order; read once. Null entries are skipped.</param>
    /// <param name="constraint">A Masterminds semver v3 constraint (see <see cref="SemverConstraint"/>).</param>
    /// <param name="filterRegex">
    /// Optional Go RE2 expression; only tags it matches anywhere (unanchored) are considered. Applied to the raw tag,
    /// before any Helm mapping. Null or empty: no filter.
    /// </param>
    /// <param name="helmTagEncoding">
    /// True when <c>layerSelector.mediaType</c> is Helm's chart media type: each tag is read with <c>_</c> replaced
    /// by <c>+</c> (OCI tags cannot hold <c>+</c>, so Helm pushes <c>1.0.0+build</c> as <c>1.0.0_build</c>).
    /// </param>
    /// <remarks>
    /// <para>
    /// Steps, in Flux's order: the filter is compiled (<see cref="SemverFilterException"/>), the constraint parsed
    /// (<see cref="SemverConstraintException"/>), then every tag that passes the filter and parses as Flux's
    /// <c>version.ParseVersion</c> (see <see cref="TagVersion"/>) is checked; others are skipped silently.
    /// No satisfying tag: <see cref="NoMatchingTagException"/>. Errors are raised even for an empty tag list.
    /// </para>
    /// <para>
    /// Highest wins by SemVer precedence. Flux sorts with Go's unstable sort, so among versions of equal precedence
    /// (differing only in build metadata, or in a <c>v</c> prefix) its pick is undefined; here it is deterministic:
    /// the greater build metadata wins (compared like prerelease identifiers, numeric parts numerically, none lowest),
    /// then the ordinally greater tag. With <paramref name="helmTagEncoding"/> Flux maps the chosen version back
    /// (<c>+</c> to <c>_</c>); returning the listed tag is the same for every valid OCI tag.
    /// </para>
    /// </remarks>
    public static string SelectHighest(IEnumerable<string> tags, string constraint, string? filterRegex, bool helmTagEncoding)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(constraint);
        var filter = TagFilter.Create(filterRegex);
        var parsed = SemverConstraint.Parse(constraint);

        TagVersion? best = null;
        string? bestTag = null;
        foreach (var tag in tags)
        {
            if (tag is null || (filter is not null && !filter.IsMatch(tag)))
            {
                continue;
            }

            var text = helmTagEncoding ? tag.Replace('_', '+') : tag;
            if (!TagVersion.TryParse(text, out var version) || !parsed.IsSatisfiedBy(version))
            {
                continue;
            }

            if (best is null || ComparePreference(version, tag, best, bestTag!) > 0)
            {
                best = version;
                bestTag = tag;
            }
        }

        return bestTag ?? throw NoMatchingTagException.For(constraint);
    }

    /// <summary>Precedence, then build metadata, then the tag text (see <see cref="SelectHighest"/>).</summary>
    private static int ComparePreference(TagVersion left, string leftTag, TagVersion right, string rightTag)
    {
        var result = left.CompareTo(right);
        if (result == 0)
        {
            result = (left.Metadata.Length, right.Metadata.Length) switch
            {
                (0, 0) => 0,
                (0, _) => -1,
                (_, 0) => 1,
                _ => PrereleaseOrder.Compare(left.Metadata, right.Metadata),
            };
        }

        return result != 0 ? result : string.CompareOrdinal(leftTag, rightTag);
    }
}
