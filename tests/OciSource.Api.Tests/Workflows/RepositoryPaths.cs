using System.Text.RegularExpressions;

namespace OciSource.Api.Tests.Workflows;

/// <summary>Finds the repository paths a workflow's scripts and inputs name (e.g. <c>./eng/test.sh</c>, <c>deploy/charts/x</c>, <c>Dockerfile</c>).</summary>
public static partial class RepositoryPaths
{
    /// <summary>Paths under the repository's top-level folders, or its top-level files, without a leading <c>./</c>.</summary>
    public static IEnumerable<string> In(string text) =>
        PathPattern().Matches(text).Select(match => match.Groups["path"].Value).Distinct(StringComparer.Ordinal);

    // A path starts a word (not after '/', '$', '.', a letter...) and names a top-level folder or file of the repository.
    [GeneratedRegex(@"(?<![\w./$-])(?:\./)?(?<path>(?:eng|crds|deploy|src|tests|\.ci|\.github)/[\w./-]*[\w-]|Dockerfile|OciSource\.sln|global\.json|README\.md)(?![\w/-])")]
    private static partial Regex PathPattern();
}
