using OciSource.Distribution.Versioning;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>
/// Tag parsing as fluxcd/pkg <c>version.ParseVersion</c> (its version_test.go cases first), loose parsing as
/// Masterminds <c>NewVersion</c>, and Masterminds' precedence order.
/// </summary>
public sealed class TagVersionTests
{
    [Theory]
    [InlineData("v1.2.3")]
    [InlineData("v1.2.0-x.Y.0+metadata")]
    [InlineData("v1.2.0-x.Y.0+metadata-width-hypen")]
    [InlineData("v1.2.3-rc1-with-hypen")]
    [InlineData("1.2.3")]
    [InlineData("0.0.0")]
    [InlineData("1.2.3+01")]
    [InlineData("1.2.3-0a.00b")]
    [InlineData("1.2.3-99999999999999999999999")]
    [InlineData("18446744073709551615.18446744073709551615.18446744073709551615")]
    [InlineData("1.2.3----.--+--")]
    public void TryParse_FluxValidTag_Parses(string tag)
    {
        Assert.True(TagVersion.TryParse(tag, out var version));
        Assert.Equal(tag, version.Original);
    }

    [Theory]
    [InlineData("v1.0")]
    [InlineData("v1")]
    [InlineData("v1.2.beta")]
    [InlineData("v1.2-5")]
    [InlineData("v1.2-beta.5")]
    [InlineData("\nv1.2")]
    [InlineData("v1.2.3.4")]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("V1.2.3")]
    [InlineData("vv1.2.3")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.03")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-a..b")]
    [InlineData("1.2.3+a..b")]
    [InlineData("1.2.3+a+b")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3 ")]
    [InlineData("1.2.3\n")]
    [InlineData("18446744073709551616.0.0")]
    [InlineData("1.2.3-\u00e9")]
    [InlineData("1.\u0663.3")]
    [InlineData("1.2.3_build.1")]
    public void TryParse_TagFluxSkips_ReturnsFalse(string tag)
    {
        Assert.False(TagVersion.TryParse(tag, out var version));
        Assert.Null(version);
    }

    [Theory]
    [InlineData("1.2.3-beta.1+build.5", 1UL, 2UL, 3UL, "beta.1", "build.5")]
    [InlineData("v0.10.200", 0UL, 10UL, 200UL, "", "")]
    public void TryParse_ValidTag_ExposesParts(string tag, ulong major, ulong minor, ulong patch, string prerelease, string metadata)
    {
        Assert.True(TagVersion.TryParse(tag, out var version));
        Assert.Equal((major, minor, patch, prerelease, metadata), (version.Major, version.Minor, version.Patch, version.Prerelease, version.Metadata));
    }

    [Theory]
    [InlineData("1", "1.0.0")]
    [InlineData("1.4", "1.4.0")]
    [InlineData("v01.02", "1.2.0")]
    [InlineData("0", "0.0.0")]
    [InlineData("1.2.3-beta.0+01", "1.2.3-beta.0")]
    public void TryParseLoose_MastermindsCoercedVersion_Parses(string text, string expected)
    {
        Assert.True(TagVersion.TryParseLoose(text, out var version));
        Assert.Equal(expected, $"{version.Major}.{version.Minor}.{version.Patch}" + (version.Prerelease.Length > 0 ? "-" + version.Prerelease : string.Empty));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v")]
    [InlineData("1.")]
    [InlineData("1.2.3.4")]
    [InlineData("1.x")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-")]
    [InlineData("1..2")]
    [InlineData("18446744073709551616")]
    [InlineData("V1")]
    public void TryParseLoose_TextNewVersionRejects_ReturnsFalse(string text)
    {
        Assert.False(TagVersion.TryParseLoose(text, out _));
    }

    [Fact]
    public void CompareTo_SemVerSpecPrecedenceChain_IsStrictlyIncreasing()
    {
        string[] chain =
        [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "18446744073709551615.0.0",
        ];

        for (var i = 0; i < chain.Length; i++)
        {
            for (var j = 0; j < chain.Length; j++)
            {
                Assert.Equal(Math.Sign(i.CompareTo(j)), Math.Sign(Strict(chain[i]).CompareTo(Strict(chain[j]))));
            }
        }
    }

    [Theory]
    [InlineData("1.0.0+a", "1.0.0+b", 0)]
    [InlineData("v1.0.0", "1.0.0", 0)]
    [InlineData("1.0.0-18446744073709551616", "1.0.0-a", -1)]
    [InlineData("1.0.0-18446744073709551616", "1.0.0-5", 1)]
    [InlineData("1.0.0-18446744073709551615", "1.0.0-5", 1)]
    [InlineData("1.0.0-a.b", "1.0.0-a", 1)]
    [InlineData("1.0.0-B", "1.0.0-a", -1)]
    public void CompareTo_MastermindsComparePair_HasMastermindsSign(string left, string right, int expected)
    {
        Assert.Equal(expected, Math.Sign(Strict(left).CompareTo(Strict(right))));
        Assert.Equal(-expected, Math.Sign(Strict(right).CompareTo(Strict(left))));
    }

    private static TagVersion Strict(string tag) =>
        TagVersion.TryParse(tag, out var version) ? version : throw new ArgumentException($"not a tag version: {tag}", nameof(tag));
}
