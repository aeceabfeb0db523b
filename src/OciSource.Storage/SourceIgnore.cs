using System.Collections.Concurrent;
using MAB.DotIgnore;

namespace OciSource.Storage;

/// <summary>
/// Flux's ignore rules for extracted artifacts (fluxcd/pkg sourceignore): <c>.gitignore</c> syntax; the VCS
/// exclusions always apply; the default exclusions (images, archives, CI files, …) apply only when there are no user
/// patterns; user patterns are every <c>.sourceignore</c> file (each scoped to its directory, parents first) followed
/// by <c>spec.ignore</c>; later patterns win, <c>!</c> re-includes.
/// </summary>
public static class SourceIgnore
{
    public const string FileName = ".sourceignore";

    /// <summary>Rules compiled so far, by pattern line; bounded so that arbitrary user patterns cannot grow it without end.</summary>
    private const int MaxCachedRules = 1024;

    private static readonly ConcurrentDictionary<string, IgnoreRule> CompiledRules = new(StringComparer.Ordinal);

    private static readonly string[] VcsPatterns = [".git/", ".gitignore", ".gitmodules", ".gitattributes"];

    private static readonly string[] DefaultPatterns =
    [
        "*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip",
        ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml", "cloudbuild.yaml",
        "codeship-services.yml", "codeship-steps.yml", "**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml",
    ];

    /// <summary>Reads the <c>.sourceignore</c> files under <paramref name="directory"/> and returns <c>include(relativePath, isDirectory)</c>.</summary>
    /// <exception cref="IOException">A <c>.sourceignore</c> file cannot be read.</exception>
    public static Func<string, bool, bool> LoadFilter(string directory, string? specIgnore)
    {
        var user = new List<(string Domain, IgnoreRule Rule)>();
        foreach (var file in Directory.EnumerateFiles(directory, FileName, SearchOption.AllDirectories)
                     .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Contains(".git"))
                     .OrderBy(f => Path.GetRelativePath(directory, f).Count(c => c == Path.DirectorySeparatorChar))
                     .ThenBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/');
            user.AddRange(Rules(File.ReadAllLines(file), relative == "." ? string.Empty : relative + "/"));
        }

        user.AddRange(Rules((specIgnore ?? string.Empty).Split('\n'), string.Empty));
        var rules = Rules(VcsPatterns, string.Empty).Concat(user.Count == 0 ? Rules(DefaultPatterns, string.Empty) : user).ToList();
        return (path, isDirectory) =>
        {
            var included = true;
            foreach (var (domain, rule) in rules)
            {
                if (path.StartsWith(domain, StringComparison.Ordinal) && rule.IsMatch(path[domain.Length..], isDirectory))
                {
                    included = rule.PatternFlags.HasFlag(PatternFlags.NEGATION);
                }
            }

            return included;
        };
    }

    private static IEnumerable<(string Domain, IgnoreRule Rule)> Rules(IEnumerable<string> lines, string domain)
    {
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            yield return (domain, Compile(line));
        }
    }

    /// <summary>
    /// The rule of one pattern line. <see cref="IgnoreRule"/> compiles its pattern into a <c>RegexOptions.Compiled</c>
    /// regular expression (code generation, milliseconds each) and is immutable afterwards, so rules are shared: the
    /// default and VCS patterns are compiled once per process, not once per reconcile.
    /// </summary>
    private static IgnoreRule Compile(string line)
    {
        if (CompiledRules.TryGetValue(line, out var rule))
        {
            return rule;
        }

        rule = new IgnoreRule(line);
        return CompiledRules.Count < MaxCachedRules ? CompiledRules.GetOrAdd(line, rule) : rule;
    }
}
