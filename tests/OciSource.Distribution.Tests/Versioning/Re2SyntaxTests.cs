using OciSource.Distribution.Versioning;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>The semverFilter: Go RE2 syntax on .NET's NonBacktracking engine, unanchored like Go's MatchString.</summary>
public sealed class Re2SyntaxTests
{
    [Theory]
    [InlineData("(?P<major>[0-9]+)\\.", "1.2.3", true)]
    [InlineData("^[[:digit:]]+\\.[[:digit:]]+\\.[[:digit:]]+$", "1.22.3", true)]
    [InlineData("^[[:digit:]]+$", "1a", false)]
    [InlineData("^[[:alpha:][:digit:]_]+$", "ab_1", true)]
    [InlineData("[[:punct:]]", "abc", false)]
    [InlineData("[[:punct:]]", "a-b", true)]
    [InlineData("^[a-z-[aeiou]]$", "b", false)]
    [InlineData("^[a-z-[aeiou]]$", "b]", true)]
    [InlineData("^[a-z-[aeiou]]$", "[]", true)]
    [InlineData("^[]a]+$", "]a]", true)]
    [InlineData("^\\pL+$", "abc", true)]
    [InlineData("^\\pL+$", "ab1", false)]
    [InlineData("^\\Qa.b\\E$", "a.b", true)]
    [InlineData("^\\Qa.b\\E$", "axb", false)]
    [InlineData("\\Q(unterminated", "x(unterminated", true)]
    [InlineData("rc", "1.0.0-rc.1", true)]
    [InlineData("^rc", "1.0.0-rc.1", false)]
    [InlineData("(?i)RC", "1.0.0-rc.1", true)]
    [InlineData("a{1000}", "a", false)]
    [InlineData("x{2,}", "xx", true)]
    [InlineData("a{,1001}", "a{,1001}", true)]
    public void IsMatch_Re2Expression_MatchesAsRe2(string pattern, string tag, bool expected)
    {
        var filter = TagFilter.Create(pattern);

        Assert.NotNull(filter);
        Assert.Equal(expected, filter.IsMatch(tag));
    }

    [Theory]
    [InlineData("(")]
    [InlineData("v1\\")]
    [InlineData("[a-z")]
    [InlineData("a{1001}")]
    [InlineData("a{0,2000}")]
    [InlineData("[[:^alpha:]]")]
    [InlineData("[[:nope:]]")]
    [InlineData("(?<=v)1")]
    [InlineData("(a)\\1")]
    [InlineData("(?U)a+")]
    [InlineData("*a")]
    [InlineData("(a{1000}){1000}")]
    public void Create_ExpressionRe2OrTheEngineRefuses_ThrowsFilterException(string pattern)
    {
        var e = Assert.Throws<SemverFilterException>(() => TagFilter.Create(pattern));

        Assert.Equal(pattern, e.Pattern);
        Assert.Contains($"'{pattern}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Create_NoExpression_ReturnsNoFilter(string? pattern)
    {
        Assert.Null(TagFilter.Create(pattern));
    }
}
