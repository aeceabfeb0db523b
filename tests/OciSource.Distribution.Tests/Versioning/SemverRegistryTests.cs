using System.Text.Json.Nodes;
using OciSource.Distribution.Versioning;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>
/// Semver resolution over tag lists of the real registry, filled by real clients: charts pushed by <c>helm push</c>
/// (which stores <c>+</c> build metadata as <c>_</c> in the tag) and artifacts pushed by <c>oras</c>.
/// </summary>
[Collection(SemverRegistryCollection.Name)]
public sealed class SemverRegistryTests(RegistryFixture fixture) : IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("semver");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;

    [Fact]
    public async Task SelectHighest_HelmPushedChartVersions_ResolvesLikeFluxWithHelmEncoding()
    {
        var ct = TestContext.Current.CancellationToken;
        await _tools.RunAsync(_tools.Helm, ["create", "semverchart"], ct, workingDirectory: _work);
        foreach (var version in new[] { "1.2.0", "1.2.3+build.7", "1.2.3+build.10", "1.3.0-rc.1" })
        {
            await _tools.RunAsync(_tools.Helm, ["package", "semverchart", "--version", version], ct, workingDirectory: _work);
            await _tools.RunAsync(
                _tools.Helm, ["push", Path.Combine(_work, $"semverchart-{version}.tgz"), $"oci://{_registry.Host}/charts", "--plain-http"], ct, workingDirectory: _work);
        }

        var tags = await ListTagsAsync("charts/semverchart", ct);

        Assert.Contains("1.2.3_build.10", tags);
        Assert.Equal("1.2.3_build.10", SemverTagSelector.SelectHighest(tags, "~1.2.0", null, helmTagEncoding: true));
        Assert.Equal("1.3.0-rc.1", SemverTagSelector.SelectHighest(tags, ">=1.0.0-0", null, helmTagEncoding: true));
        Assert.Equal("1.2.3_build.10", SemverTagSelector.SelectHighest(tags, "*", "_build", helmTagEncoding: true));
        Assert.Equal("1.2.0", SemverTagSelector.SelectHighest(tags, "~1.2.0", null, helmTagEncoding: false));
    }

    [Fact]
    public async Task SelectHighest_OrasPushedTags_SkipsNonSemverTagsAndHonoursTheFilter()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(_work, "data.txt"), "semver", ct);
        var tags = "latest,v1.4.0,1.4.1-rc.1,01.5.0,1.5,2.0.0,1.3.9-dev.3";
        await _tools.RunAsync(
            _tools.Oras, ["push", $"{_registry.Host}/semver/app:{tags}", "data.txt", .. _registry.OrasConnectionArguments()], ct, workingDirectory: _work);

        var listed = await ListTagsAsync("semver/app", ct);

        Assert.Equal(7, listed.Count);
        Assert.Equal("v1.4.0", SemverTagSelector.SelectHighest(listed, "^1.0.0", null, helmTagEncoding: false));
        Assert.Equal("1.4.1-rc.1", SemverTagSelector.SelectHighest(listed, "^1.0.0-0", null, helmTagEncoding: false));
        Assert.Equal("1.3.9-dev.3", SemverTagSelector.SelectHighest(listed, ">=1.0.0-0", "-dev\\.", helmTagEncoding: false));
        var e = Assert.Throws<NoMatchingTagException>(() => SemverTagSelector.SelectHighest(listed, ">=1.5.0 <2.0.0", null, helmTagEncoding: false));
        Assert.Equal("no match found for semver: >=1.5.0 <2.0.0", e.Message);
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);

    private async Task<List<string>> ListTagsAsync(string repository, CancellationToken cancellationToken)
    {
        using var http = _registry.CreateHttpClient();
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri($"v2/{repository}/tags/list", UriKind.Relative), cancellationToken))!;
        return [.. body["tags"]!.AsArray().Select(tag => tag!.GetValue<string>())];
    }
}
