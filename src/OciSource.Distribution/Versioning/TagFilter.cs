using System.Text.RegularExpressions;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// The <c>ref.semverFilter</c> test: a Go RE2 expression matched unanchored (Go <c>MatchString</c>) against each raw
/// tag. Compiled with .NET's NonBacktracking engine, which runs in time linear in the input like RE2, after
/// <see cref="Re2Syntax.ToDotNet"/>; a match timeout guards it all the same.
/// </summary>
internal sealed class TagFilter
{
    /// <summary>The per-tag match time limit.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private readonly Regex _regex;

    private TagFilter(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    /// <summary>The filter as given.</summary>
    public string Pattern { get; }

    /// <summary>
    /// Compiles <paramref name="pattern"/>; null or empty means no filter (as in Flux) and returns null. Throws
    /// <see cref="SemverFilterException"/> when the expression is invalid or uses syntax the engine cannot run.
    /// </summary>
    public static TagFilter? Create(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            var regex = new Regex(Re2Syntax.ToDotNet(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
            return new TagFilter(pattern, regex);
        }
        catch (ArgumentException e)
        {
            throw new SemverFilterException(pattern, e.Message, e);
        }
        catch (NotSupportedException e)
        {
            throw new SemverFilterException(pattern, e.Message, e);
        }
    }

    /// <summary>True when the expression matches anywhere in <paramref name="tag"/>. Throws <see cref="SemverFilterException"/> on timeout.</summary>
    public bool IsMatch(string tag)
    {
        try
        {
            return _regex.IsMatch(tag);
        }
        catch (RegexMatchTimeoutException e)
        {
            // Go's duration form (2s), as every duration in a message.
            throw new SemverFilterException(Pattern, $"matching timed out after {MatchTimeout.TotalSeconds:0}s", e);
        }
    }
}
