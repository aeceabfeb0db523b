using System.Net;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Referrers;
using OciSource.Distribution.Tests.Client;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Referrers;

/// <summary>
/// The referrers tag schema, and the referrers API with its tag-schema fallback: on distribution 2.8 (no API) directly, and through
/// <see cref="ReferrersApiFront"/>, the spec-built simulator of the API (no registry here implements it).
/// Referrers are attached by the real oras.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ReferrersListerTests(RegistryFixture fixture) : IDisposable
{
    private const string Sbom = "application/vnd.test.sbom";
    private const string Other = "application/vnd.test.other";

    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-referrers-api");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;
    private readonly RegistryClientFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TagSchema_TwoOrasAttachments_ListsThemAndFiltersByArtifactType()
    {
        var subject = await SubjectWithAttachmentsAsync("referrers/attached", Sbom, Other);
        using var client = _factory.Create(RepositoryReference.Parse($"{_registry.Host}/referrers/attached"));
        var referrers = new TagSchemaReferrers(client);

        var all = await referrers.ListAsync(subject, null, Ct);
        var sboms = await referrers.ListAsync(subject, Sbom, Ct);

        Assert.Equal([Other, Sbom], all.Select(r => r.ArtifactType!).Order(StringComparer.Ordinal));
        Assert.Equal(Sbom, Assert.Single(sboms).ArtifactType);
    }

    [Fact]
    public async Task TagSchema_NoAttachment_ReturnsEmpty()
    {
        var subject = await SubjectWithAttachmentsAsync("referrers/none");
        using var client = _factory.Create(RepositoryReference.Parse($"{_registry.Host}/referrers/none"));

        Assert.Empty(await new TagSchemaReferrers(client).ListAsync(subject, null, Ct));
    }

    [Fact]
    public async Task ListAsync_RegistryWithoutApi_FallsBackToTagSchemaAndDoesNotProbeAgain()
    {
        var subject = await SubjectWithAttachmentsAsync("referrersapi/fallback", Sbom, Other);
        await using var front = await TamperingFront.StartAsync(_registry, Ct);
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/referrersapi/fallback"));
        var lister = new ReferrersLister(client);

        var all = await lister.ListAsync(subject, null, Ct);
        var sboms = await lister.ListAsync(subject, Sbom, Ct);

        Assert.Equal([Other, Sbom], all.Select(r => r.ArtifactType!).Order(StringComparer.Ordinal));
        Assert.Equal(Sbom, Assert.Single(sboms).ArtifactType);
        Assert.False(lister.UsesReferrersApi);
        var probes = front.Requests.Where(r => r.PathAndQuery.Contains("/referrers/", StringComparison.Ordinal)).ToList();
        Assert.Equal(404, Assert.Single(probes).Status);
    }

    [Fact]
    public async Task ListAsync_ApiAnswers200WithoutAnIndex_FallsBackToTagSchema()
    {
        var subject = await SubjectWithAttachmentsAsync("referrersapi/notindex", Sbom);
        await using var front = await TamperingFront.StartAsync(_registry, Ct);
        var rule = front.AddFault(HttpMethod.Get, "/referrers/", Fault.Respond(HttpStatusCode.OK), times: 10);
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/referrersapi/notindex"));
        var lister = new ReferrersLister(client);

        var all = await lister.ListAsync(subject, null, Ct);

        Assert.Equal(Sbom, Assert.Single(all).ArtifactType);
        Assert.False(lister.UsesReferrersApi);
        Assert.Equal(1, rule.Applied);
    }

    [Fact]
    public async Task ListAsync_ApiForbidden_FailsWithoutFallingBackOrRemembering()
    {
        var subject = await SubjectWithAttachmentsAsync("referrersapi/forbidden", Sbom);
        await using var front = await TamperingFront.StartAsync(_registry, Ct);
        front.AddFault(HttpMethod.Get, "/referrers/", Fault.Respond(HttpStatusCode.Forbidden), times: 1);
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/referrersapi/forbidden"));
        var lister = new ReferrersLister(client);

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => lister.ListAsync(subject, null, Ct));
        Assert.Null(lister.UsesReferrersApi);
        Assert.Equal(Sbom, Assert.Single(await lister.ListAsync(subject, null, Ct)).ArtifactType);
        Assert.False(lister.UsesReferrersApi);
    }

    [Fact]
    public async Task ListAsync_ApiPaginatesAndDoesNotFilter_FollowsPagesAndFiltersHere()
    {
        var subject = await SubjectWithAttachmentsAsync("referrersapi/paged", Sbom, Other, Sbom);
        await using var front = await ReferrersApiFront.StartAsync(_registry, Ct);
        front.PageSize = 1;
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/referrersapi/paged"));
        var lister = new ReferrersLister(client);

        var all = await lister.ListAsync(subject, null, Ct);
        var sboms = await lister.ListAsync(subject, Sbom, Ct);

        Assert.Equal([Other, Sbom, Sbom], all.Select(r => r.ArtifactType!).Order(StringComparer.Ordinal));
        Assert.Equal([Sbom, Sbom], sboms.Select(r => r.ArtifactType!));
        Assert.True(lister.UsesReferrersApi);
        Assert.Equal(6, front.ReferrersRequests);
    }

    [Fact]
    public async Task ListAsync_ApiAppliesTheFilter_TrustsItsAnswer()
    {
        var subject = await SubjectWithAttachmentsAsync("referrersapi/filtered", Sbom, Other);
        await using var front = await ReferrersApiFront.StartAsync(_registry, Ct);
        front.ApplyFilters = true;
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/referrersapi/filtered"));

        var sboms = await new ReferrersLister(client).ListAsync(subject, Sbom, Ct);

        Assert.Equal(Sbom, Assert.Single(sboms).ArtifactType);
    }

    [Fact]
    public async Task ListAsync_ApiWithoutReferrers_ReturnsEmptyWithoutFallingBack()
    {
        var subject = await SubjectWithAttachmentsAsync("referrersapi/none");
        await using var front = await ReferrersApiFront.StartAsync(_registry, Ct);
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/referrersapi/none"));
        var lister = new ReferrersLister(client);

        Assert.Empty(await lister.ListAsync(subject, null, Ct));
        Assert.True(lister.UsesReferrersApi);
    }

    [Fact]
    public async Task GetReferrersAsync_MorePagesThanTheCap_FailsAsTooLarge()
    {
        var types = Enumerable.Range(0, RegistryClient.MaxReferrersPages + 1).Select(i => $"application/vnd.test.t{i}").ToArray();
        var subject = await SubjectWithAttachmentsAsync("referrersapi/many", types);
        await using var front = await ReferrersApiFront.StartAsync(_registry, Ct);
        front.PageSize = 1;
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/referrersapi/many"));

        var error = await Assert.ThrowsAsync<ContentTooLargeException>(() => client.GetReferrersAsync(subject, null, Ct));

        Assert.Contains($"more than {RegistryClient.MaxReferrersPages} pages", error.Message, StringComparison.Ordinal);
        front.PageSize = 0;
        Assert.Equal(types.Length, (await client.GetReferrersAsync(subject, null, Ct))!.Count);
    }

    [Fact]
    public async Task GetReferrersAsync_RegistryWithoutApi_ReturnsNull()
    {
        var subject = await SubjectWithAttachmentsAsync("referrersapi/absent");
        using var client = _factory.Create(RepositoryReference.Parse($"{_registry.Host}/referrersapi/absent"));

        Assert.Null(await client.GetReferrersAsync(subject, null, Ct));
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);

    private async Task<Digest> SubjectWithAttachmentsAsync(string repository, params string[] artifactTypes)
    {
        var subject = await OrasPush.PushAsync(_tools, _registry, _work, repository, "v1", new Dictionary<string, byte[]> { ["a.txt"] = [1, 2, 3] });
        foreach (var (artifactType, i) in artifactTypes.Select((t, i) => (t, i)))
        {
            var directory = Directory.CreateDirectory(Path.Combine(_work, Guid.NewGuid().ToString("N"))).FullName;
            await File.WriteAllTextAsync(Path.Combine(directory, "r.json"), $"{artifactType} {i}", Ct);
            await _tools.RunAsync(
                _tools.Oras,
                ["attach", "--plain-http", "--distribution-spec", "v1.1-referrers-tag", "--artifact-type", artifactType, $"{_registry.Host}/{repository}@{subject}", "r.json"],
                Ct,
                workingDirectory: directory);
        }

        return Digest.Parse(subject);
    }
}
