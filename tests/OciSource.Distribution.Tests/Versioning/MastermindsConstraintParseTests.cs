using OciSource.Distribution.Versioning;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>
/// The parsing cases of Masterminds semver v3.4.0's constraints_test.go (TestNewConstraint, TestParseConstraint,
/// TestRewriteRange, TestIsX) as data, plus its error texts as Flux reports them.
/// </summary>
public sealed class MastermindsConstraintParseTests
{
    [Theory]
    [InlineData(">= 1.1", 1, 1)]
    [InlineData(">40.50.60, < 50.70", 1, 2)]
    [InlineData("2.0", 1, 1)]
    [InlineData("v2.3.5-20161202202307-sha.e8fc5e5", 1, 1)]
    [InlineData(">= 1.2.3 < 2.0", 1, 2)]
    [InlineData(">= 1.2.3 < 2.0 || => 3.0 < 4", 2, 2)]
    [InlineData(">= 1.2.3, < 2.0", 1, 2)]
    [InlineData(">= 1.2.3, < 2.0 || => 3.0, < 4", 2, 2)]
    [InlineData("3 - 4 || => 3.0, < 4", 2, 2)]
    [InlineData("12.3.34 ~1.2.3", 1, 2)]
    [InlineData("1.0.0 - 2.0.0, <=2.0.0", 1, 3)]
    public void Parse_MastermindsValidCase_HasMastermindsGroupAndTermCounts(string text, int groups, int termsInFirstGroup)
    {
        var constraint = SemverConstraint.Parse(text);

        Assert.Equal(groups, constraint.Groups.Count);
        Assert.Equal(termsInFirstGroup, constraint.Groups[0].Count);
        Assert.Equal(text, constraint.Text);
    }

    [Theory]
    [InlineData(">= bar")]
    [InlineData("BAR >= 1.2.3")]
    [InlineData("12.3.4.1234")]
    [InlineData("12.23.4.1234")]
    [InlineData("12.3.34.1234")]
    [InlineData("12.3.34~ 1.2.3")]
    [InlineData("foo")]
    public void Parse_MastermindsInvalidCase_ThrowsConstraintException(string text)
    {
        Assert.Throws<SemverConstraintException>(() => SemverConstraint.Parse(text));
    }

    [Theory]
    [InlineData(">= 1.2", "GreaterThanOrEqual", "1.2.0")]
    [InlineData("1.0", "Equal", "1.0.0")]
    [InlineData("<= 1.2", "LessThanOrEqual", "1.2.0")]
    [InlineData("=< 1.2", "LessThanOrEqual", "1.2.0")]
    [InlineData("=> 1.2", "GreaterThanOrEqual", "1.2.0")]
    [InlineData("v1.2", "Equal", "1.2.0")]
    [InlineData("=1.5", "Equal", "1.5.0")]
    [InlineData("> 1.3", "GreaterThan", "1.3.0")]
    [InlineData("< 1.4.1", "LessThan", "1.4.1")]
    [InlineData("< 40.50.10", "LessThan", "40.50.10")]
    [InlineData("~> 1.2.3-beta.1+meta", "Tilde", "1.2.3-beta.1")]
    [InlineData("!=1.x-rc", "NotEqual", "1.0.0-rc")]
    [InlineData("^*", "Caret", "0.0.0")]
    public void Parse_SingleTerm_HasMastermindsOperatorAndVersion(string text, string expectedOperator, string expectedVersion)
    {
        var term = Assert.Single(Assert.Single(SemverConstraint.Parse(text).Groups));

        Assert.Equal(expectedOperator, term.Operator.ToString());
        Assert.Equal(expectedVersion, Format(term.Version));
    }

    [Theory]
    [InlineData("2 - 3", ">= 2, <= 3 ")]
    [InlineData("2 - 3, 2 - 3", ">= 2, <= 3 ,>= 2, <= 3 ")]
    [InlineData("2 - 3, 4.0.0 - 5.1", ">= 2, <= 3 ,>= 4.0.0, <= 5.1 ")]
    [InlineData("2 - 3 4.0.0 - 5.1", ">= 2, <= 3 >= 4.0.0, <= 5.1 ")]
    [InlineData("1.0.0 - 2.0.0 <=2.0.0", ">= 1.0.0, <= 2.0.0 <=2.0.0")]
    [InlineData("1.1-3", "1.1-3")]
    [InlineData("1 - 2 - 3 2 - 3", ">= 1, <=>= 2, <= 3  2 - 3")]
    [InlineData("1 - 2||3", ">= 1, <= 2||3 ")]
    [InlineData(">= 1 2 - 3", ">= 1>= 2, <= 3 ")]
    [InlineData(">= 1, 2 - 3", ">= 1,>= 2, <= 3 ")]
    public void RewriteHyphenRanges_MastermindsCase_MatchesRewriteRange(string text, string expected)
    {
        Assert.Equal(expected, HyphenRanges.Rewrite(text));
    }

    [Theory]
    [InlineData("A", false)]
    [InlineData("%", false)]
    [InlineData("X", true)]
    [InlineData("x", true)]
    [InlineData("*", true)]
    [InlineData("xx", false)]
    public void IsWildcard_MastermindsIsXCase_MatchesIsX(string number, bool expected)
    {
        Assert.Equal(expected, ConstraintSyntax.IsWildcard(number));
    }

    [Theory]
    [InlineData("foo", "improper constraint: foo")]
    [InlineData("", "improper constraint: ")]
    [InlineData("   ", "improper constraint:    ")]
    [InlineData(">=1.0.0 ||", "improper constraint: ")]
    [InlineData(">=1.0.0 || bar", "improper constraint:  bar")]
    [InlineData("1 - 2 - 3 2 - 3", "improper constraint: >= 1, <=>= 2, <= 3  2 - 3")]
    [InlineData(">= 1 2 - 3", "improper constraint: >= 1>= 2, <= 3 ")]
    [InlineData("1|2", "constraint parser error")]
    [InlineData("1.2x.3", "constraint parser error")]
    [InlineData("1.2.3-01", "constraint parser error")]
    [InlineData(">=18446744073709551616", "constraint parser error")]
    [InlineData("1|2 || foo", "constraint parser error")]
    public void Parse_InvalidText_ThrowsWithFluxMessage(string text, string detail)
    {
        var e = Assert.Throws<SemverConstraintException>(() => SemverConstraint.Parse(text));

        Assert.Equal($"semver '{text}' parse error: {detail}", e.Message);
        Assert.Equal(text, e.Expression);
        Assert.Equal(detail, e.Detail);
    }

    [Fact]
    public void Parse_TextOverLengthBound_ThrowsConstraintException()
    {
        var longest = ">=1.0.0" + new string(' ', ConstraintParser.MaxLength - 7);

        var e = Assert.Throws<SemverConstraintException>(() => SemverConstraint.Parse(longest + " "));

        Assert.Contains("too long", e.Detail, StringComparison.Ordinal);
        Assert.Single(SemverConstraint.Parse(longest).Groups);
    }

    [Fact]
    public void Parse_VerticalTabAsSpace_ThrowsConstraintException()
    {
        // Go's \s is [\t\n\f\r ]: no vertical tab, so Masterminds finds this improper too.
        Assert.Throws<SemverConstraintException>(() => SemverConstraint.Parse("\v1.0.0"));
        Assert.Single(SemverConstraint.Parse("\t\n\f\r 1.0.0").Groups);
    }

    [Theory]
    [InlineData("*.|", "1.2.3", true)]
    [InlineData("1.x.|", "1.9.0", true)]
    [InlineData("x.5.5", "3.0.0", true)]
    [InlineData(">= 1.0.0-0 <= 2.0.0", "1.0.1-beta", true)]
    [InlineData(">= 1.0.0-0 || >= 3.0.0", "3.1.0-rc.1", true)]
    [InlineData(">= 1.0.0 || >= 3.0.0-0", "1.5.0-rc.1", false)]
    [InlineData("<=*", "0.0.9", true)]
    [InlineData("<=*", "0.1.0", false)]
    public void IsSatisfiedBy_MastermindsQuirk_IsKept(string constraint, string version, bool expected)
    {
        Assert.Equal(expected, SemverConstraint.Parse(constraint).IsSatisfiedBy(MastermindsConstraintCheckTests.Loose(version)));
    }

    private static string Format(TagVersion version) =>
        $"{version.Major}.{version.Minor}.{version.Patch}" + (version.Prerelease.Length > 0 ? "-" + version.Prerelease : string.Empty);
}
