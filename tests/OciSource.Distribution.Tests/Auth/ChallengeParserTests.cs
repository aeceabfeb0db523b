using OciSource.Distribution.Auth;
using OciSource.Testing;

namespace OciSource.Distribution.Tests.Auth;

public sealed class ChallengeParserTests
{
    [Fact]
    public void Parse_DockerHubBearerChallenge_ReadsRealmServiceAndScope()
    {
        var challenge = Assert.Single(ChallengeParser.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/nginx:pull", challenge.Scope);
    }

    [Fact]
    public void Parse_TwoChallengesInOneValue_ReturnsBoth()
    {
        var challenges = ChallengeParser.Parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://a/token\" , service=svc");

        Assert.Collection(
            challenges,
            c => Assert.Equal(("Basic", "Registry Realm"), (c.Scheme, c.Realm)),
            c => Assert.Equal(("Bearer", "https://a/token", "svc"), (c.Scheme, c.Realm, c.Service)));
    }

    [Fact]
    public void Parse_QuotedStringWithEscapesAndCommas_IsUnescaped()
    {
        var challenge = Assert.Single(ChallengeParser.Parse("Bearer realm=\"a\\\"b,c\\\\d\",SERVICE=x"));

        Assert.Equal("a\"b,c\\d", challenge.Realm);
        Assert.Equal("x", challenge.Service);
    }

    [Fact]
    public void Parse_Token68_IsKeptAsToken68()
    {
        var challenge = Assert.Single(ChallengeParser.Parse("Negotiate YWJjZA=="));

        Assert.Equal("YWJjZA==", challenge.Token68);
        Assert.Empty(challenge.Parameters);
    }

    [Fact]
    public void Parse_SchemeAlone_HasNoParameters() =>
        Assert.Empty(Assert.Single(ChallengeParser.Parse("Basic")).Parameters);

    [Theory]
    [InlineData("Bearer realm=\"unterminated")]
    [InlineData("=x")]
    [InlineData("Bearer realm=\"a\" service=b")]
    [InlineData("Bearer realm=\"a\" junk")]
    public void Parse_Malformed_ThrowsFormatException(string value) =>
        Assert.Throws<FormatException>(() => ChallengeParser.Parse(value));

    [Fact]
    public void ParseLenient_SkipsMalformedValues() =>
        Assert.Equal("Basic", Assert.Single(ChallengeParser.ParseLenient(["Bearer realm=\"x", "Basic realm=r"])).Scheme);

    [Fact]
    public void Parse_RandomInputs_OnlyEverThrowsFormatException()
    {
        var random = new Random(7235);
        string[] pieces = ["Bearer", "Basic", " ", ",", "=", "\"", "\\", "realm", "service", "scope", "a b", "x==", "\t", "é", "token", ":"];
        var parsed = 0;
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var input = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                foreach (var challenge in ChallengeParser.Parse(input))
                {
                    Assert.False(string.IsNullOrEmpty(challenge.Scheme));
                }

                parsed++;
            }
            catch (FormatException)
            {
            }
        }

        Assert.InRange(parsed, 1, FuzzInputs.Count - 1);
    }
}
