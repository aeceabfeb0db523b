using OciSource.Distribution.Versioning;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>
/// Masterminds semver v3's constraint cases (constraints_test.go: single comparisons and whole constraints), as
/// data: the constraint, a version (parsed loosely, as that suite does), and whether it satisfies the constraint.
/// </summary>
public sealed class SemverConstraintTests
{
    private static readonly string[] FuzzVersions = ["0.0.0", "1.2.3", "1.2.3-beta.1", "2.0.0", "10.20.30+build"];

    [Theory]
    [InlineData("=2.0.0", "1.2.3", false)]
    [InlineData("=2.0.0", "2.0.0", true)]
    [InlineData("=2.0", "1.2.3", false)]
    [InlineData("=2.0", "2.0.0", true)]
    [InlineData("=2.0", "2.0.1", true)]
    [InlineData("4.1", "4.1.0", true)]
    [InlineData("!=4.1.0", "4.1.0", false)]
    [InlineData("!=4.1.0", "4.1.1", true)]
    [InlineData("!=4.1", "4.1.0", false)]
    [InlineData("!=4.1", "4.1.1", false)]
    [InlineData("!=4.1", "5.1.0-alpha.1", false)]
    [InlineData("!=4.1-alpha", "4.1.0", true)]
    [InlineData("!=4.1", "5.1.0", true)]
    [InlineData("<11", "0.1.0", true)]
    [InlineData("<11", "11.1.0", false)]
    [InlineData("<1.1", "0.1.0", true)]
    [InlineData("<1.1", "1.1.0", false)]
    [InlineData("<1.1", "1.1.1", false)]
    [InlineData("<=11", "1.2.3", true)]
    [InlineData("<=11", "12.2.3", false)]
    [InlineData("<=11", "11.2.3", true)]
    [InlineData("<=1.1", "1.2.3", false)]
    [InlineData("<=1.1", "0.1.0", true)]
    [InlineData("<=1.1", "1.1.0", true)]
    [InlineData("<=1.1", "1.1.1", true)]
    [InlineData(">1.1", "4.1.0", true)]
    [InlineData(">1.1", "1.1.0", false)]
    [InlineData(">0", "0", false)]
    [InlineData(">0", "1", true)]
    [InlineData(">0", "0.0.1-alpha", false)]
    [InlineData(">0.0", "0.0.1-alpha", false)]
    [InlineData(">0-0", "0.0.1-alpha", false)]
    [InlineData(">0.0-0", "0.0.1-alpha", false)]
    [InlineData(">0", "0.0.0-alpha", false)]
    [InlineData(">0-0", "0.0.0-alpha", false)]
    [InlineData(">0.0.0-0", "0.0.0-alpha", true)]
    [InlineData(">1.2.3-alpha.1", "1.2.3-alpha.2", true)]
    [InlineData(">1.2.3-alpha.1", "1.3.3-alpha.2", true)]
    [InlineData(">11", "11.1.0", false)]
    [InlineData(">11.1", "11.1.0", false)]
    [InlineData(">11.1", "11.1.1", false)]
    [InlineData(">11.1", "11.2.1", true)]
    [InlineData(">=11", "11.1.2", true)]
    [InlineData(">=11.1", "11.1.2", true)]
    [InlineData(">=11.1", "11.0.2", false)]
    [InlineData(">=1.1", "4.1.0", true)]
    [InlineData(">=1.1", "1.1.0", true)]
    [InlineData(">=1.1", "0.0.9", false)]
    [InlineData(">=0", "0.0.1-alpha", false)]
    [InlineData(">=0.0", "0.0.1-alpha", false)]
    [InlineData(">=0-0", "0.0.1-alpha", true)]
    [InlineData(">=0.0-0", "0.0.1-alpha", true)]
    [InlineData(">=0", "0.0.0-alpha", false)]
    [InlineData(">=0-0", "0.0.0-alpha", true)]
    [InlineData(">=0.0.0-0", "1.2.3", true)]
    [InlineData(">=0.0.0-0", "3.4.5-beta.1", true)]
    [InlineData("<0", "0.0.0-alpha", false)]
    [InlineData("<0-z", "0.0.0-alpha", true)]
    [InlineData(">=0", "0", true)]
    [InlineData("=0", "1", false)]
    [InlineData("*", "1", true)]
    [InlineData("*", "4.5.6", true)]
    [InlineData("*", "1.2.3-alpha.1", false)]
    [InlineData("*-0", "1.2.3-alpha.1", true)]
    [InlineData("2.*", "1", false)]
    [InlineData("2.*", "3.4.5", false)]
    [InlineData("2.*", "2.1.1", true)]
    [InlineData("2.1.*", "2.1.1", true)]
    [InlineData("2.1.*", "2.2.1", false)]
    [InlineData("2", "1", false)]
    [InlineData("2", "3.4.5", false)]
    [InlineData("2", "2.1.1", true)]
    [InlineData("2.1", "2.1.1", true)]
    [InlineData("2.1", "2.2.1", false)]
    [InlineData("~1.2.3", "1.2.4", true)]
    [InlineData("~1.2.3", "1.3.4", false)]
    [InlineData("~1.2", "1.2.4", true)]
    [InlineData("~1.2", "1.3.4", false)]
    [InlineData("~1", "1.2.4", true)]
    [InlineData("~1", "2.3.4", false)]
    [InlineData("~0.2.3", "0.2.5", true)]
    [InlineData("~0.2.3", "0.3.5", false)]
    [InlineData("~1.2.3-beta.2", "1.2.3-beta.4", true)]
    [InlineData("~1.2.3-beta.2", "1.2.4-beta.2", true)]
    [InlineData("~1.2.3-beta.2", "1.3.4-beta.2", false)]
    [InlineData("^1.2.3", "1.8.9", true)]
    [InlineData("^1.2.3", "2.8.9", false)]
    [InlineData("^1.2.3", "1.2.1", false)]
    [InlineData("^1.1.0", "2.1.0", false)]
    [InlineData("^1.2.0", "2.2.1", false)]
    [InlineData("^1.2.0", "1.2.1-alpha.1", false)]
    [InlineData("^1.2.1-alpha.1", "1.2.1-alpha.1", true)]
    [InlineData("^1.2.1-alpha.1", "1.2.1-alpha.2", true)]
    [InlineData("^1.2.1-alpha.1", "1.2.2-alpha.1", true)]
    [InlineData("^1.2.1-alpha.1", "1.2.2", true)]
    [InlineData("^1.2", "1.8.9", true)]
    [InlineData("^1.2", "2.8.9", false)]
    [InlineData("^1", "1.8.9", true)]
    [InlineData("^1", "2.8.9", false)]
    [InlineData("^0.2.3", "0.2.5", true)]
    [InlineData("^0.2.3", "0.5.6", false)]
    [InlineData("^0.2", "0.2.5", true)]
    [InlineData("^0.2", "0.5.6", false)]
    [InlineData("^0.0.3", "0.0.3", true)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("^0.0", "0.0.3", true)]
    [InlineData("^0.0", "0.1.4", false)]
    [InlineData("^0.0", "1.0.4", false)]
    [InlineData("^0", "0.2.3", true)]
    [InlineData("^0", "1.1.4", false)]
    [InlineData("^0.2.3-beta.2", "0.2.3-beta.4", true)]
    [InlineData("^0.2.3-beta.2", "0.2.4-beta.2", true)]
    [InlineData("^0.2.3-beta.2", "0.3.4-beta.2", false)]
    [InlineData("^0.2.3-beta.2", "0.2.3-beta.2", true)]
    public void SingleComparison_MatchesMasterminds(string constraint, string version, bool expected) =>
        Assert.Equal(expected, Satisfies(constraint, version));

    [Theory]
    [InlineData("*", "1.2.3", true)]
    [InlineData("~0.0.0", "1.2.3", true)]
    [InlineData("0.x.x", "1.2.3", false)]
    [InlineData("0.0.x", "1.2.3", false)]
    [InlineData("0.0.0", "1.2.3", false)]
    [InlineData("^0.0.0", "1.2.3", false)]
    [InlineData("= 2.0", "1.2.3", false)]
    [InlineData("= 2.0", "2.0.0", true)]
    [InlineData("4.1.x", "4.1.3", true)]
    [InlineData("1.x", "1.4.0", true)]
    [InlineData("!=4.1-alpha", "4.1.0-alpha", false)]
    [InlineData("!=4.1-alpha", "4.1.1-alpha", false)]
    [InlineData("!=4.x", "5.1.0", true)]
    [InlineData("!=4.x", "4.1.0", false)]
    [InlineData("!=4.1.x", "4.2.0", true)]
    [InlineData("!=4.2.x", "4.2.3", false)]
    [InlineData("<1.x", "1.1.1", false)]
    [InlineData("<1.x", "0.1.1", true)]
    [InlineData("<1.x", "2.0.0", false)]
    [InlineData("<1.1.x", "1.2.1", false)]
    [InlineData("<1.1.x", "1.1.500", false)]
    [InlineData("<1.1.x", "1.0.500", true)]
    [InlineData("<1.2.x", "1.1.1", true)]
    [InlineData(">=1.1", "4.1.0-beta", false)]
    [InlineData("<=1.1", "0.1.0-alpha", false)]
    [InlineData("<=1.1-a", "0.1.0-alpha", true)]
    [InlineData("<=1.x", "1.1.0", true)]
    [InlineData("<=2.x", "3.1.0", false)]
    [InlineData("<=1.1.x", "1.2.500", false)]
    [InlineData("<=4.5", "3.4.0", true)]
    [InlineData("<=4.5", "3.7.0", true)]
    [InlineData("<=4.5", "4.6.3", false)]
    [InlineData(">1.1, <2", "1.1.1", false)]
    [InlineData(">1.1, <2", "1.2.1", true)]
    [InlineData(">1.1, <3", "4.3.2", false)]
    [InlineData(">=1.1, <2, !=1.2.3", "1.2.3", false)]
    [InlineData(">=1.1, <2, !=1.2.3 || > 3", "4.1.2", true)]
    [InlineData(">=1.1, <2, !=1.2.3 || > 3", "1.2.3", false)]
    [InlineData(">=1.1, <2, !=1.2.3 || >= 3", "3.0.0", true)]
    [InlineData(">=1.1, <2, !=1.2.3 || > 3", "3.0.0", false)]
    [InlineData("> 1.1, <     2", "1.1.1", false)]
    [InlineData(">   1.1, <2", "1.2.1", true)]
    [InlineData(">1.1, <  3", "4.3.2", false)]
    [InlineData(">= 1.1, <     2, !=1.2.3", "1.2.3", false)]
    [InlineData(">= 1.1, <2, != 1.2.3 || > 3", "1.2.3", false)]
    [InlineData(">= 1.1, <2, != 1.2.3 || >= 3", "3.0.0", true)]
    [InlineData(">=1.0.0 <2.0.0", "1.9.9", true)]
    [InlineData(">=1.0.0 <2.0.0", "2.0.0", false)]
    [InlineData("1.1 - 2", "1.1.1", true)]
    [InlineData("1.1 - 3", "4.3.2", false)]
    [InlineData("1.2 - 1.4.5", "1.4.5", true)]
    [InlineData("1.2 - 1.4.5", "1.4.6", false)]
    [InlineData("^1.1", "1.1.1", true)]
    [InlineData("^1.1", "4.3.2", false)]
    [InlineData("^1.x", "1.1.1", true)]
    [InlineData("^2.x", "1.1.1", false)]
    [InlineData("^1.x", "2.1.1", false)]
    [InlineData("^1.x", "1.1.1-beta1", false)]
    [InlineData("^1.1.2-alpha", "1.2.1-beta1", true)]
    [InlineData("^1.2.x-alpha", "1.1.1-beta1", false)]
    [InlineData("^0.0.1", "0.0.1", true)]
    [InlineData("^0.0.1", "0.3.1", false)]
    [InlineData("^*", "4.3.2", true)]
    [InlineData("~*", "2.1.1", true)]
    [InlineData("~1", "2.1.1", false)]
    [InlineData("~1", "1.3.5", true)]
    [InlineData("~1", "1.4", true)]
    [InlineData("~1.x", "2.1.1", false)]
    [InlineData("~1.x", "1.3.5", true)]
    [InlineData("~1.x", "1.4", true)]
    [InlineData("~1.1", "1.1.1", true)]
    [InlineData("~1.1.1-beta", "1.1.1-alpha", false)]
    [InlineData("~1.1.1-beta", "1.1.1-beta", true)]
    [InlineData("~1.1.1-beta", "1.1.1", true)]
    [InlineData("~1.2.3", "1.2.5", true)]
    [InlineData("~1.2.3", "1.2.2", false)]
    [InlineData("~1.2.3", "1.3.2", false)]
    [InlineData("~1.1", "1.2.3", false)]
    [InlineData("~1.3", "2.4.5", false)]
    [InlineData("v1.2.x", "1.2.9", true)]
    [InlineData(">=1.0.0-0 <2.0.0", "1.5.0-rc.1", false)]
    [InlineData("1.0.x-0", "1.0.7-rc.1", true)]
    public void WholeConstraint_MatchesMasterminds(string constraint, string version, bool expected) =>
        Assert.Equal(expected, Satisfies(constraint, version));

    [Theory]
    [InlineData("foo")]
    [InlineData("1.2.3 foo")]
    [InlineData(">=1.2.3 ||")]
    [InlineData("|| >=1.2.3")]
    [InlineData(">>1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("")]
    [InlineData("~>")]
    public void Parse_ImproperConstraint_ThrowsWithFluxsMessage(string constraint)
    {
        var error = Assert.Throws<SemverConstraintException>(() => SemverConstraint.Parse(constraint));

        Assert.StartsWith($"semver '{constraint}' parse error: improper constraint:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomInputs_OnlyEverThrowsSemverConstraintException()
    {
        var random = new Random(3);
        string[] pieces = ["1", "2.", "0", "x", "*", ".", "-", "+", "alpha", " ", ",", "||", ">", "<", "=", "!", "~", "^", "v", "-0", "99999999999999999999", "é"];
        var versions = FuzzVersions.Select(Loose).ToList();
        var parsed = 0;
        for (var i = 0; i < FuzzCount.Value; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 10)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                var constraint = SemverConstraint.Parse(text);
                parsed++;
                foreach (var version in versions)
                {
                    _ = constraint.IsSatisfiedBy(version);
                }
            }
            catch (SemverConstraintException)
            {
            }
        }

        Assert.InRange(parsed, 1, FuzzCount.Value - 1);
    }

    private static bool Satisfies(string constraint, string version) => SemverConstraint.Parse(constraint).IsSatisfiedBy(Loose(version));

    private static TagVersion Loose(string version) =>
        TagVersion.TryParseLoose(version, out var parsed) ? parsed : throw new ArgumentException($"test version '{version}' does not parse", nameof(version));
}
