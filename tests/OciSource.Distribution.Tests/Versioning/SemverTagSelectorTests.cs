using OciSource.Distribution.Versioning;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>Tag resolution as Flux's getTagBySemver: filter, Helm mapping, highest wins, Flux's errors.</summary>
public sealed class SemverTagSelectorTests
{
    [Fact]
    public void SelectHighest_RangeOverMixedTags_ReturnsHighestMatchingOriginalTag()
    {
        string[] tags = ["latest", "1.0.0", "1.1", "v1.1.5", "1.1.4", "1.2.0-rc.1", "2.0.0", "1.3.00", "sha-abc"];

        Assert.Equal("v1.1.5", SemverTagSelector.SelectHighest(tags, ">=1.0.0 <2.0.0", null, false));
    }

    [Fact]
    public void SelectHighest_PrereleaseInRange_IncludesPrereleasesOfThatGroup()
    {
        string[] tags = ["1.1.0", "1.2.0-rc.1", "2.0.0-rc.1"];

        Assert.Equal("1.1.0", SemverTagSelector.SelectHighest(tags, ">=1.0.0 <2.0.0", null, false));
        Assert.Equal("1.2.0-rc.1", SemverTagSelector.SelectHighest(tags, ">=1.0.0-0 <1.99.0", null, false));

        // Once a group admits prereleases, 2.0.0-rc.1 is below 2.0.0 by precedence (as in Masterminds).
        Assert.Equal("2.0.0-rc.1", SemverTagSelector.SelectHighest(tags, ">=1.0.0-0 <2.0.0", null, false));
        Assert.Equal("1.1.0", SemverTagSelector.SelectHighest(tags, ">=1.0.0 <2.0.0 || >=3.0.0-0", null, false));
    }

    [Fact]
    public void SelectHighest_Flux1656OpenPrereleaseBound_PicksHighestReleaseNotThePrerelease()
    {
        string[] tags = ["1.0.0-rc.1", "1.0.1-rc.1", "1.5.7"];

        Assert.Equal("1.5.7", SemverTagSelector.SelectHighest(tags, ">=1.0.0-x", null, false));
        Assert.Equal("1.0.1-rc.1", SemverTagSelector.SelectHighest(tags, "1.0.x-0", null, false));
    }

    [Theory]
    [InlineData("-rc", "1.2.0-rc.1")]
    [InlineData("rc", "1.2.0-rc.1")]
    [InlineData("^1\\.0", "1.0.0")]
    [InlineData("dev\\.[[:digit:]]+$", "1.1.0-dev.1")]
    [InlineData("(?P<minor>1\\.1)", "1.1.0-dev.1")]
    [InlineData("", "1.2.0-rc.1")]
    public void SelectHighest_Filter_ConsidersOnlyTagsItMatchesAnywhere(string filter, string expected)
    {
        string[] tags = ["1.0.0", "1.1.0-dev.1", "1.2.0-rc.1"];

        Assert.Equal(expected, SemverTagSelector.SelectHighest(tags, ">=1.0.0-0", filter, false));
    }

    [Fact]
    public void SelectHighest_HelmEncodedTags_MapsUnderscoreAndReturnsListedTag()
    {
        string[] tags = ["0.9.0", "1.0.0_build.9", "1.0.0_build.10", "1.0.0-rc.1_b"];

        Assert.Equal("1.0.0_build.10", SemverTagSelector.SelectHighest(tags, ">=0.1.0", null, true));
        Assert.Equal("1.0.0_build.10", SemverTagSelector.SelectHighest(Enumerable.Reverse(tags), ">=0.1.0", null, true));
        Assert.Equal("0.9.0", SemverTagSelector.SelectHighest(tags, ">=0.1.0", null, false));
        Assert.Equal("1.0.0-rc.1_b", SemverTagSelector.SelectHighest(tags, ">=1.0.0-0 <1.0.0", null, true));
    }

    [Fact]
    public void SelectHighest_HelmEncoding_FiltersRawTagsBeforeMapping()
    {
        string[] tags = ["1.0.0_build.1", "0.9.0"];

        Assert.Equal("1.0.0_build.1", SemverTagSelector.SelectHighest(tags, "*", "_build", true));
        var e = Assert.Throws<NoMatchingTagException>(() => SemverTagSelector.SelectHighest(tags, "*", "\\+build", true));
        Assert.Equal("no match found for semver: *", e.Message);
    }

    [Fact]
    public void SelectHighest_EqualPrecedence_PicksByMetadataThenTagWhateverTheOrder()
    {
        string[] tags = ["1.0.0", "v1.0.0", "1.0.0+b.2", "1.0.0+b.10", "0.1.0"];

        Assert.Equal("1.0.0+b.10", SemverTagSelector.SelectHighest(tags, "*", null, false));
        Assert.Equal("1.0.0+b.10", SemverTagSelector.SelectHighest(Enumerable.Reverse(tags), "*", null, false));
        Assert.Equal("v1.0.0", SemverTagSelector.SelectHighest(["v1.0.0", "1.0.0"], "*", null, false));
        Assert.Equal("v1.0.0", SemverTagSelector.SelectHighest(["1.0.0", "v1.0.0"], "*", null, false));
    }

    [Fact]
    public void SelectHighest_InvalidConstraint_ThrowsFluxParseError()
    {
        var e = Assert.Throws<SemverConstraintException>(() => SemverTagSelector.SelectHighest(["1.0.0"], ">= bar", null, false));

        Assert.Equal("semver '>= bar' parse error: improper constraint: >= bar", e.Message);
    }

    [Fact]
    public void SelectHighest_NothingMatches_ThrowsFluxNoMatch()
    {
        var e = Assert.Throws<NoMatchingTagException>(() => SemverTagSelector.SelectHighest(["1.0.0", "2.0.0-rc.1", "latest"], ">=2.0.0", null, false));

        Assert.Equal("no match found for semver: >=2.0.0", e.Message);
        Assert.Equal(">=2.0.0", e.Expression);
    }

    [Fact]
    public void SelectHighest_NoTags_ThrowsNoMatchAfterCheckingFilterAndConstraint()
    {
        Assert.Throws<NoMatchingTagException>(() => SemverTagSelector.SelectHighest([], "*", null, false));
        Assert.Throws<SemverConstraintException>(() => SemverTagSelector.SelectHighest([], "foo", null, false));
        Assert.Throws<SemverFilterException>(() => SemverTagSelector.SelectHighest([], "foo", "(", false));
    }

    [Fact]
    public void SelectHighest_InvalidFilter_ThrowsNamingExpressionAndProblem()
    {
        var e = Assert.Throws<SemverFilterException>(() => SemverTagSelector.SelectHighest(["1.0.0"], "*", "v(1", false));

        Assert.StartsWith("invalid semverFilter regular expression 'v(1': ", e.Message, StringComparison.Ordinal);
        Assert.Equal("v(1", e.Pattern);
        Assert.True(e.Message.Length > "invalid semverFilter regular expression 'v(1': ".Length);
    }

    [Fact]
    public void SelectHighest_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => SemverTagSelector.SelectHighest(null!, "*", null, false));
        Assert.Throws<ArgumentNullException>(() => SemverTagSelector.SelectHighest([], null!, null, false));
    }
}
