using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>The anonymous registry fixture is a real distribution registry that real clients push to.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistrySmokeTests(RegistryFixture fixture) : IDisposable
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("registry-smoke");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;

    [Fact]
    public async Task OrasPush_TagAppearsInTagListOverHttp()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(_work, "hello.txt"), "hello from oras", ct);

        await _tools.RunAsync(
            _tools.Oras,
            ["push", $"{_registry.Host}/smoke/oras:v1", "hello.txt:text/plain", .. _registry.OrasConnectionArguments()],
            ct,
            workingDirectory: _work);

        using var http = _registry.CreateHttpClient();
        var tags = JsonNode.Parse(await http.GetStringAsync(new Uri("v2/smoke/oras/tags/list", UriKind.Relative), ct))!;
        Assert.Equal("smoke/oras", tags["name"]!.GetValue<string>());
        Assert.Contains("v1", tags["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task CraneDigest_MatchesTheRegistrysManifestDigest()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(_work, "data.txt"), "crane sees what oras pushed", ct);
        await _tools.RunAsync(
            _tools.Oras, ["push", $"{_registry.Host}/smoke/crane:v1", "data.txt", .. _registry.OrasConnectionArguments()], ct, workingDirectory: _work);

        var crane = await _tools.RunAsync(_tools.Crane, ["digest", "--insecure", $"{_registry.Host}/smoke/crane:v1"], ct);

        using var http = _registry.CreateHttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, "v2/smoke/crane/manifests/v1");
        head.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        using var response = await http.SendAsync(head, ct);
        response.EnsureSuccessStatusCode();
        var registryDigest = response.Headers.GetValues("Docker-Content-Digest").Single();
        Assert.StartsWith("sha256:", registryDigest, StringComparison.Ordinal);
        Assert.Equal(registryDigest, crane.StandardOutput.Trim());
    }

    [Fact]
    public async Task HelmPush_StoresAChartManifestWithHelmMediaTypesAndTheChartAsLayer()
    {
        var ct = TestContext.Current.CancellationToken;
        await _tools.RunAsync(_tools.Helm, ["create", "smokechart"], ct, workingDirectory: _work);
        await _tools.RunAsync(_tools.Helm, ["package", "smokechart"], ct, workingDirectory: _work);
        var chart = Path.Combine(_work, "smokechart-0.1.0.tgz");

        await _tools.RunAsync(_tools.Helm, ["push", chart, $"oci://{_registry.Host}/charts", "--plain-http"], ct, workingDirectory: _work);

        using var http = _registry.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/charts/smokechart/manifests/0.1.0");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("application/vnd.cncf.helm.config.v1+json", manifest["config"]!["mediaType"]!.GetValue<string>());
        var layer = manifest["layers"]!.AsArray().Single()!;
        Assert.Equal("application/vnd.cncf.helm.chart.content.v1.tar+gzip", layer["mediaType"]!.GetValue<string>());

        var blob = await http.GetByteArrayAsync(new Uri($"v2/charts/smokechart/blobs/{layer["digest"]}", UriKind.Relative), ct);
        Assert.Equal(await File.ReadAllBytesAsync(chart, ct), blob);
        Assert.Equal(layer["digest"]!.GetValue<string>(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob)));
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);
}
