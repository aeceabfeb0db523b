using OciSource.Distribution.Versioning;

namespace OciSource.Distribution.Tests.Versioning;

public sealed class SemverTagSelectorTests
{
    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("v1.2.3", true)]
    [InlineData("1.2.3-rc.1+build.5", true)]
    [InlineData("1.2.3+build.007", true)]
    [InlineData("0.0.0", true)]
    [InlineData("V1.2.3", false)]
    [InlineData("1.2", false)]
    [InlineData("1", false)]
    [InlineData("1.2.3.4", false)]
    [InlineData("01.2.3", false)]
    [InlineData("1.02.3", false)]
    [InlineData("1.2.3-01", false)]
    [InlineData("latest", false)]
    [InlineData("vv1.2.3", false)]
    [InlineData("", false)]
    public void TryParse_FollowsFluxParseVersion(string tag, bool valid)
    {
        Assert.Equal(valid, TagVersion.TryParse(tag, out var version));
        if (valid)
        {
            Assert.Equal(tag, version!.Original);
        }
    }

    [Fact]
    public void SelectHighest_PicksTheHighestMatchingTagAndReturnsItAsInTheRegistry()
    {
        string[] tags = ["latest", "v1.0.0", "1.1.0", "v1.10.2", "1.9.0", "2.0.0", "1.11.0-rc.1", "sha-abc"];

        Assert.Equal("v1.10.2", SemverTagSelector.SelectHighest(tags, ">=1.0.0 <2.0.0", filter: null, helmTagEncoding: false));
        Assert.Equal("2.0.0", SemverTagSelector.SelectHighest(tags, "*", filter: null, helmTagEncoding: false));
        Assert.Equal("1.11.0-rc.1", SemverTagSelector.SelectHighest(tags, "1.11.x-0", filter: null, helmTagEncoding: false));
        Assert.Equal("v1.10.2", SemverTagSelector.SelectHighest(tags, ">=1.0.0-0 <2.0.0", filter: null, helmTagEncoding: false));
    }

    [Fact]
    public void SelectHighest_Filter_IsAppliedToRawTagsUnanchored()
    {
        string[] tags = ["1.0.0-dev.1", "1.0.0-dev.2", "1.0.0-rc.1", "1.0.1"];

        Assert.Equal("1.0.0-dev.2", SemverTagSelector.SelectHighest(tags, ">=1.0.0-0", filter: "dev", helmTagEncoding: false));
        Assert.Equal("1.0.0-rc.1", SemverTagSelector.SelectHighest(tags, ">=1.0.0-0", filter: "^1\\.0\\.0-rc\\.(?P<n>\\d+)$", helmTagEncoding: false));
    }

    [Fact]
    public void SelectHighest_HelmEncoding_ReadsUnderscoreAsPlusAndReturnsTheOciTag()
    {
        string[] tags = ["6.1.5", "6.1.6_build.1", "6.1.6_build.2", "6.1.7-rc.1"];

        var tag = SemverTagSelector.SelectHighest(tags, "6.1.x", filter: null, helmTagEncoding: true);

        Assert.Equal("6.1.6_build.2", tag);
        Assert.Equal("6.1.5", SemverTagSelector.SelectHighest(tags, "6.1.x", filter: null, helmTagEncoding: false));
    }

    [Fact]
    public void SelectHighest_NoMatch_ThrowsFluxsMessage()
    {
        var error = Assert.Throws<NoMatchingTagException>(() => SemverTagSelector.SelectHighest(["1.0.0", "latest"], ">=2.0.0", null, false));

        Assert.Equal("no match found for semver: >=2.0.0", error.Message);
    }

    [Fact]
    public void SelectHighest_InvalidConstraint_ThrowsFluxsParseError()
    {
        var error = Assert.Throws<SemverConstraintException>(() => SemverTagSelector.SelectHighest(["1.0.0"], "~> one", null, false));

        Assert.Equal("semver '~> one' parse error: improper constraint: ~> one", error.Message);
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("(a)\\1")]
    [InlineData("(?=lookahead)")]
    public void SelectHighest_FilterNotRe2_ThrowsSemverFilterException(string filter)
    {
        var error = Assert.Throws<SemverFilterException>(() => SemverTagSelector.SelectHighest(["1.0.0"], "*", filter, false));

        Assert.Contains($"semver filter '{filter}'", error.Message, StringComparison.Ordinal);
    }
}
