using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Distribution.Referrers;
using OciSource.Distribution.Tests.Client;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Referrers;

/// <summary>Referrers through the tag schema on distribution 2.8 (no referrers API), attached by the real oras.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TagSchemaReferrersTests(RegistryFixture fixture) : IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-referrers");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;
    private readonly RegistryClientFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAsync_TwoOrasAttachments_ListsThemAndFiltersByArtifactType()
    {
        var subject = await OrasPush.PushAsync(_tools, _registry, _work, "referrers/attached", "v1", new Dictionary<string, byte[]> { ["a.txt"] = [1, 2, 3] });
        await AttachAsync("referrers/attached", subject, "application/vnd.test.sbom");
        await AttachAsync("referrers/attached", subject, "application/vnd.test.other");
        using var client = _factory.Create(RepositoryReference.Parse($"{_registry.Host}/referrers/attached"));
        var referrers = new TagSchemaReferrers(client);

        var all = await referrers.ListAsync(Digest.Parse(subject), null, Ct);
        var sboms = await referrers.ListAsync(Digest.Parse(subject), "application/vnd.test.sbom", Ct);

        Assert.Equal(["application/vnd.test.other", "application/vnd.test.sbom"], all.Select(r => r.ArtifactType!).Order(StringComparer.Ordinal));
        Assert.Equal("application/vnd.test.sbom", Assert.Single(sboms).ArtifactType);
    }

    [Fact]
    public async Task ListAsync_NoAttachment_ReturnsEmpty()
    {
        var subject = await OrasPush.PushAsync(_tools, _registry, _work, "referrers/none", "v1", new Dictionary<string, byte[]> { ["a.txt"] = [4] });
        using var client = _factory.Create(RepositoryReference.Parse($"{_registry.Host}/referrers/none"));

        Assert.Empty(await new TagSchemaReferrers(client).ListAsync(Digest.Parse(subject), null, Ct));
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);

    private async Task AttachAsync(string repository, string subject, string artifactType)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work, Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "r.json"), artifactType, Ct);
        await _tools.RunAsync(
            _tools.Oras,
            ["attach", "--plain-http", "--distribution-spec", "v1.1-referrers-tag", "--artifact-type", artifactType, $"{_registry.Host}/{repository}@{subject}", "r.json"],
            Ct,
            workingDirectory: directory);
    }
}
