using System.Text;

namespace OciSource.Storage.Tests;

/// <summary>
/// Issue 13 point 9: the ignore rules an artifact or an object brings are bounded — a <c>.sourceignore</c> file of at
/// most <see cref="SourceIgnore.MaxFileBytes"/>, <c>spec.ignore</c> of at most as many characters, and at most
/// <see cref="SourceIgnore.MaxRules"/> rules together — and a larger set fails with an <see cref="IOException"/>
/// (the reconciler's <c>SourceIgnoreError</c>) before any rule is compiled.
/// </summary>
public sealed class SourceIgnoreLimitTests : IDisposable
{
    private readonly StoreScope _scope = new();

    [Fact]
    public void LoadFilter_SourceignoreOverTheSizeLimit_FailsNamingTheFileAndTheLimit()
    {
        var tree = _scope.Scratch("big-file");
        Directory.CreateDirectory(Path.Combine(tree, "deploy"));
        File.WriteAllText(Path.Combine(tree, "deploy", SourceIgnore.FileName), Comments(SourceIgnore.MaxFileBytes + 1));

        var error = Assert.ThrowsAny<IOException>(() => SourceIgnore.LoadFilter(tree, null));

        Assert.Contains($"deploy/{SourceIgnore.FileName}", error.Message, StringComparison.Ordinal);
        Assert.Contains(SourceIgnore.MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFilter_SourceignoreAtTheSizeLimit_Loads()
    {
        var tree = _scope.Scratch("limit-file");
        File.WriteAllText(Path.Combine(tree, SourceIgnore.FileName), Comments(SourceIgnore.MaxFileBytes - "*.md\n".Length) + "*.md\n");

        var include = SourceIgnore.LoadFilter(tree, null);

        Assert.False(include("README.md", false));
        Assert.True(include("app.yaml", false));
    }

    [Fact]
    public void LoadFilter_MoreRulesThanTheLimitAcrossFiles_Fails()
    {
        var tree = _scope.Scratch("many-rules");
        var half = SourceIgnore.MaxRules / 2;
        Directory.CreateDirectory(Path.Combine(tree, "a"));
        File.WriteAllText(Path.Combine(tree, SourceIgnore.FileName), Rules("top", half));
        File.WriteAllText(Path.Combine(tree, "a", SourceIgnore.FileName), Rules("nested", SourceIgnore.MaxRules - half + 1));

        var error = Assert.ThrowsAny<IOException>(() => SourceIgnore.LoadFilter(tree, null));

        Assert.Contains(SourceIgnore.MaxRules.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFilter_SpecIgnoreOverTheRuleLimit_Fails()
    {
        var tree = _scope.Scratch("spec-rules");

        var error = Assert.ThrowsAny<IOException>(() => SourceIgnore.LoadFilter(tree, Rules("spec", SourceIgnore.MaxRules + 1)));

        Assert.Contains("spec.ignore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFilter_SpecIgnoreOverTheSizeLimit_Fails()
    {
        var tree = _scope.Scratch("spec-size");

        var error = Assert.ThrowsAny<IOException>(() => SourceIgnore.LoadFilter(tree, Comments(SourceIgnore.MaxFileBytes + 1)));

        Assert.Contains("spec.ignore", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _scope.Dispose();

    /// <summary>Comment lines of exactly <paramref name="bytes"/> bytes (no rules).</summary>
    private static string Comments(int bytes)
    {
        var text = new StringBuilder(bytes);
        while (text.Length < bytes)
        {
            var line = Math.Min(80, bytes - text.Length);
            text.Append('#', line - 1).Append('\n');
        }

        return text.ToString();
    }

    private static string Rules(string prefix, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"{prefix}-{i}.txt\n"));
}
