using System.Security.Cryptography;
using System.Text;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Versioning;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>The client against the real anonymous registry, with content pushed by oras, crane and helm.</summary>
[Collection(RegistryCollection.Name)]
public sealed class AnonymousRegistryTests(RegistryFixture fixture) : IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-anonymous");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;
    private readonly RegistryClientFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveAsync_TagPushedByOras_ReturnsTheDigestOrasReported()
    {
        var digest = await OrasPush.PushAsync(_tools, _registry, _work, "anon/resolve", "v1", Files(("a.txt", "hello")));
        using var client = Client("anon/resolve");

        var descriptor = await client.ResolveAsync("v1", Ct);

        Assert.Equal(digest, descriptor.DigestText);
        Assert.Equal(MediaTypes.OciManifest, descriptor.MediaType);
        Assert.True(descriptor.Size > 0);
    }

    [Fact]
    public async Task GetImageAsync_OrasArtifact_ReturnsLayersAndManifestAnnotations()
    {
        var digest = await OrasPush.PushAsync(
            _tools, _registry, _work, "anon/image", "v1", Files(("manifests.tgz", "layer bytes")), "application/vnd.acme.bundle.v1.tar+gzip",
            new Dictionary<string, string> { ["org.opencontainers.image.revision"] = "main@sha1:abc" });
        using var client = Client("anon/image");

        var image = await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct);

        Assert.Equal(digest, image.Root.DigestText);
        Assert.Equal(digest, image.Content.Descriptor.DigestText);
        var layer = Assert.Single(image.Manifest.Layers);
        Assert.Equal("application/vnd.acme.bundle.v1.tar+gzip", layer.MediaType);
        Assert.Equal(11, layer.Size);
        Assert.Equal("main@sha1:abc", image.Manifest.Annotations!["org.opencontainers.image.revision"]);
    }

    [Fact]
    public async Task OpenBlobAsync_ThreeMebibyteLayer_StreamsExactlyThePushedBytes()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        await OrasPush.PushAsync(_tools, _registry, _work, "anon/blob", "v1", new Dictionary<string, byte[]> { ["big.bin"] = content });
        using var client = Client("anon/blob");
        var layer = (await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct)).Manifest.Layers.Single();

        await using var blob = await client.OpenBlobAsync(layer, Ct);
        using var copy = new MemoryStream();
        await blob.CopyToAsync(copy, Ct);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), layer.DigestText);
    }

    [Fact]
    public async Task OpenBlobAsync_DescriptorWithWrongSize_FailsBeforeHandingOutBytes()
    {
        await OrasPush.PushAsync(_tools, _registry, _work, "anon/size", "v1", Files(("s.txt", "twelve bytes")));
        using var client = Client("anon/size");
        var layer = (await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct)).Manifest.Layers.Single();

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => client.OpenBlobAsync(layer with { Size = 11 }, Ct));

        Assert.Contains("the descriptor says 11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenBlobAsync_UnknownDigest_ThrowsNotFoundWithTheRegistrysCode()
    {
        await OrasPush.PushAsync(_tools, _registry, _work, "anon/missing", "v1", Files(("m.txt", "x")));
        using var client = Client("anon/missing");
        var absent = new Descriptor { DigestText = Digest.Compute("not pushed"u8).ToString(), Size = 10 };

        var error = await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.OpenBlobAsync(absent, Ct));

        Assert.Contains(error.Errors, e => e.Code == "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task ResolveAsync_MissingTag_ThrowsNotFound()
    {
        await OrasPush.PushAsync(_tools, _registry, _work, "anon/tagless", "v1", Files(("t.txt", "x")));
        using var client = Client("anon/tagless");

        var error = await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.ResolveAsync("v2", Ct));

        Assert.Contains("MANIFEST_UNKNOWN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetManifestAsync_ByDigest_ReturnsTheVerifiedDocument()
    {
        var digest = await OrasPush.PushAsync(_tools, _registry, _work, "anon/bydigest", "v1", Files(("d.txt", "x")));
        using var client = Client("anon/bydigest");

        var manifest = await client.GetManifestAsync(digest, Ct);

        Assert.Equal(digest, Digest.Compute(manifest.Bytes.Span).ToString());
        Assert.Equal(manifest.Bytes.Length, manifest.Descriptor.Size);
    }

    [Fact]
    public async Task ListTagsAsync_OverThousandTags_ReturnsAllAndStopsAtTheLimit()
    {
        await OrasPush.PushAsync(_tools, _registry, _work, "anon/many", "t0000", Files(("p.txt", "x")));
        var tags = Enumerable.Range(1, 1100).Select(i => $"t{i:D4}").ToList();
        await _tools.RunAsync(_tools.Oras, ["tag", $"{_registry.Host}/anon/many:t0000", .. tags, "--plain-http"], Ct);
        using var client = Client("anon/many");
        using var limited = Client("anon/many", new RegistryClientOptions { MaxTags = 500 });

        Assert.Equal(["t0000", .. tags], (await client.ListTagsAsync(Ct)).Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<ContentTooLargeException>(() => limited.ListTagsAsync(Ct));
    }

    [Fact]
    public async Task GetImageAsync_MultiArchIndexByCrane_PicksLinuxAmd64ByDefaultOrTheAskedPlatform_ByReferenceOrFromAFetchedRoot()
    {
        var index = $"{_registry.Host}/anon/multiarch";
        foreach (var platform in new[] { "linux/arm64", "linux/amd64", "windows/amd64" })
        {
            var tag = platform.Replace('/', '-');
            await CraneImageAsync($"{index}:{tag}-base", $"content for {platform}");
            await _tools.RunAsync(_tools.Crane, ["mutate", "--insecure", $"{index}:{tag}-base", "--set-platform", platform, "-t", $"{index}:{tag}"], Ct);
        }

        await _tools.RunAsync(
            _tools.Crane, ["index", "append", "--insecure", "-m", $"{index}:linux-arm64", "-m", $"{index}:linux-amd64", "-m", $"{index}:windows-amd64", "-t", $"{index}:multi"], Ct);
        using var client = Client("anon/multiarch");
        var amd64 = await client.ResolveAsync("linux-amd64", Ct);
        var arm64 = await client.ResolveAsync("linux-arm64", Ct);

        var byDefault = await client.GetImageAsync("multi", Platform.LinuxAmd64, Ct);
        var asked = await client.GetImageAsync("multi", Platform.Parse("linux/arm64"), Ct);

        Assert.True(MediaTypes.IsIndex(byDefault.Root.MediaType));
        Assert.Equal(amd64.DigestText, byDefault.Content.Descriptor.DigestText);
        Assert.Equal(arm64.DigestText, asked.Content.Descriptor.DigestText);
        Assert.Equal(byDefault.Root.DigestText, (await client.ResolveAsync("multi", Ct)).DigestText);
        var fromFetchedRoot = await client.GetImageAsync(await client.GetManifestAsync("multi", Ct), Platform.Parse("linux/arm64"), Ct);
        Assert.Equal((byDefault.Root.DigestText, arm64.DigestText), (fromFetchedRoot.Root.DigestText, fromFetchedRoot.Content.Descriptor.DigestText));
        var missing = await Assert.ThrowsAsync<RegistryNotFoundException>(() => client.GetImageAsync("multi", Platform.Parse("linux/s390x"), Ct));
        Assert.Contains("available: linux/arm64, linux/amd64, windows/amd64", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetImageAsync_DockerSchema2ImageByCrane_IsAnImageManifest()
    {
        await CraneImageAsync($"{_registry.Host}/anon/docker:v1", "docker layer");
        using var client = Client("anon/docker");

        var image = await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct);

        Assert.Equal(MediaTypes.DockerManifest, image.Content.Descriptor.MediaType);
        Assert.Equal("application/vnd.docker.image.rootfs.diff.tar.gzip", Assert.Single(image.Manifest.Layers).MediaType);
    }

    [Fact]
    public async Task OpenBlobAsync_HelmChartPushedByHelm_IsTheChartArchive()
    {
        await _tools.RunAsync(_tools.Helm, ["create", "podinfo"], Ct, workingDirectory: _work);
        await _tools.RunAsync(_tools.Helm, ["package", "podinfo", "--version", "6.1.6+build.1"], Ct, workingDirectory: _work);
        var chart = await File.ReadAllBytesAsync(Path.Combine(_work, "podinfo-6.1.6+build.1.tgz"), Ct);
        await _tools.RunAsync(_tools.Helm, ["push", "podinfo-6.1.6+build.1.tgz", $"oci://{_registry.Host}/anon/charts", "--plain-http"], Ct, workingDirectory: _work);
        using var client = Client("anon/charts/podinfo");

        Assert.Contains("6.1.6_build.1", await client.ListTagsAsync(Ct));
        var image = await client.GetImageAsync("6.1.6_build.1", Platform.LinuxAmd64, Ct);
        var layer = Assert.Single(image.Manifest.Layers, l => l.MediaType == MediaTypes.HelmChartContent);
        await using var blob = await client.OpenBlobAsync(layer, Ct);
        using var copy = new MemoryStream();
        await blob.CopyToAsync(copy, Ct);
        Assert.Equal(chart, copy.ToArray());
    }

    [Fact]
    public async Task SemverSelection_ChartsPushedByHelm_PicksTheHighestInRangeByItsOciTag()
    {
        await _tools.RunAsync(_tools.Helm, ["create", "semverchart"], Ct, workingDirectory: _work);
        foreach (var version in new[] { "1.0.0", "1.1.0+build.1", "1.1.0+build.2", "1.2.0-rc.1", "2.0.0" })
        {
            await _tools.RunAsync(_tools.Helm, ["package", "semverchart", "--version", version], Ct, workingDirectory: _work);
            await _tools.RunAsync(_tools.Helm, ["push", $"semverchart-{version}.tgz", $"oci://{_registry.Host}/anon/semver", "--plain-http"], Ct, workingDirectory: _work);
        }

        using var client = Client("anon/semver/semverchart");
        var tags = await client.ListTagsAsync(Ct);

        Assert.Equal("1.1.0_build.2", SemverTagSelector.SelectHighest(tags, "~1", filterRegex: null, helmTagEncoding: true));
        Assert.Equal("1.2.0-rc.1", SemverTagSelector.SelectHighest(tags, "~1.2.0-0", filterRegex: null, helmTagEncoding: true));
        Assert.Equal("2.0.0", SemverTagSelector.SelectHighest(tags, ">=1.0.0", filterRegex: null, helmTagEncoding: true));
    }

    [Fact]
    public async Task PingAsync_LoopbackRegistryWithoutInsecure_FallsBackToPlainHttp()
    {
        using var client = Client("anon/ping");

        await client.PingAsync(Ct);

        Assert.Equal("https", client.RegistryBase.Scheme);
    }

    [Fact]
    public async Task Requests_CarryTheConfiguredUserAgent()
    {
        await OrasPush.PushAsync(_tools, _registry, _work, "anon/agent", "v1", Files(("u.txt", "x")));
        using var client = Client("anon/agent", new RegistryClientOptions { UserAgent = "ocisource-test-agent/9.9" });

        await client.ResolveAsync("v1", Ct);

        await EventualLog.AssertContainsAsync(_registry.Log, "ocisource-test-agent/9.9");
    }

    public void Dispose()
    {
        _factory.Dispose();
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private static Dictionary<string, byte[]> Files(params (string Name, string Content)[] files) =>
        files.ToDictionary(f => f.Name, f => Encoding.UTF8.GetBytes(f.Content));

    private RegistryClient Client(string repository, RegistryClientOptions? options = null) =>
        _factory.Create(RepositoryReference.Parse($"{_registry.Host}/{repository}"), options);

    /// <summary>A one-layer Docker schema 2 image built by <c>crane append</c> from a gzipped tar.</summary>
    private async Task CraneImageAsync(string reference, string content)
    {
        var directory = Path.Combine(_work, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "file.txt"), content, Ct);
        var layer = directory + ".tar.gz";
        await using (var tar = new MemoryStream())
        await using (var gz = new System.IO.Compression.GZipStream(File.Create(layer), System.IO.Compression.CompressionLevel.Fastest))
        {
            await System.Formats.Tar.TarFile.CreateFromDirectoryAsync(directory, tar, includeBaseDirectory: false, Ct);
            tar.Position = 0;
            await tar.CopyToAsync(gz, Ct);
        }

        await _tools.RunAsync(_tools.Crane, ["append", "--insecure", "-f", layer, "-t", reference], Ct);
    }
}
