using System.Collections.Concurrent;
using MAB.DotIgnore;

namespace OciSource.Storage;

/// <summary>
/// Flux's ignore rules for extracted artifacts (fluxcd/pkg sourceignore): <c>.gitignore</c> syntax; the VCS
/// exclusions always apply; the default exclusions (images, archives, CI files, …) apply only when there are no user
/// patterns; user patterns are every <c>.sourceignore</c> file (each scoped to its directory, parents first) followed
/// by <c>spec.ignore</c>; later patterns win, <c>!</c> re-includes. Bounded, as every input a tenant controls: each file
/// and <c>spec.ignore</c> at most <see cref="MaxFileBytes"/>, all together at most <see cref="MaxRules"/> rules.
/// </summary>
public static class SourceIgnore
{
    public const string FileName = ".sourceignore";

    /// <summary>The largest <c>.sourceignore</c> file (and <c>spec.ignore</c>, in characters) that is read: 1 MiB.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The most rules (non-blank, non-comment lines) of all <c>.sourceignore</c> files and <c>spec.ignore</c> together.</summary>
    public const int MaxRules = 10_000;

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
    /// <exception cref="IOException">A <c>.sourceignore</c> file cannot be read, or one of them or <c>spec.ignore</c> is larger
    /// than <see cref="MaxFileBytes"/>, or together they hold more than <see cref="MaxRules"/> rules
    /// (<see cref="SourceIgnoreLimitException"/>); checked before any rule is compiled.</exception>
    public static Func<string, bool, bool> LoadFilter(string directory, string? specIgnore)
    {
        var lines = new List<(string Domain, string Line)>();
        foreach (var file in Directory.EnumerateFiles(directory, FileName, SearchOption.AllDirectories)
                     .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Contains(".git"))
                     .OrderBy(f => Path.GetRelativePath(directory, f).Count(c => c == Path.DirectorySeparatorChar))
                     .ThenBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/');
            var domain = relative == "." ? string.Empty : relative + "/";
            AddRuleLines(lines, ReadBounded(file, domain + FileName), domain, domain + FileName);
        }

        if (specIgnore is { Length: > MaxFileBytes })
        {
            throw new SourceIgnoreLimitException($"spec.ignore is larger than {MaxFileBytes} characters");
        }

        AddRuleLines(lines, specIgnore ?? string.Empty, string.Empty, "spec.ignore");
        var user = lines.Select(l => (l.Domain, Compile(l.Line))).ToList();
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

    /// <summary>Reads a <c>.sourceignore</c> file of at most <see cref="MaxFileBytes"/> bytes (never more than one byte beyond; a byte order mark is dropped, as File.ReadAllLines did).</summary>
    private static string ReadBounded(string path, string name)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var buffer = new byte[Math.Min(file.Length, MaxFileBytes) + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = file.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxFileBytes)
        {
            throw new SourceIgnoreLimitException($"{name} is larger than {MaxFileBytes} bytes");
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>Adds the rule lines of <paramref name="text"/> (not blank, not comments) and enforces <see cref="MaxRules"/>.</summary>
    private static void AddRuleLines(List<(string Domain, string Line)> lines, string text, string domain, string name)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            if (lines.Count == MaxRules)
            {
                throw new SourceIgnoreLimitException($"more than {MaxRules} ignore rules (reached in {name})");
            }

            lines.Add((domain, line));
        }
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
