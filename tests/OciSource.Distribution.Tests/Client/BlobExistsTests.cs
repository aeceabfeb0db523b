using System.Net;
using System.Security.Cryptography;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary><see cref="IBlobChecker.BlobExistsAsync"/> against the real registry, through a front that counts and refuses.</summary>
[Collection(RegistryCollection.Name)]
public sealed class BlobExistsTests(RegistryFixture fixture) : IAsyncLifetime
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-blob-exists");
    private readonly RegistryClientFactory _factory = new();
    private TamperingFront _front = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _front = await TamperingFront.StartAsync(fixture.Server, Ct);

    [Fact]
    public async Task BlobTheRepositoryHolds_IsTrueAfterOneHeadWithoutBody()
    {
        var layer = await PushAsync("exists/held");
        using var client = Client("exists/held");

        Assert.True(await client.BlobExistsAsync(layer, Ct));

        var request = Assert.Single(BlobRequests());
        Assert.Equal(("HEAD", $"/v2/exists/held/blobs/{layer.DigestText}", 200), (request.Method, request.PathAndQuery, request.Status));
    }

    [Fact]
    public async Task BlobOfAnotherRepository_IsFalse()
    {
        var layer = await PushAsync("exists/owner");
        await PushAsync("exists/stranger");
        using var client = Client("exists/stranger");

        Assert.False(await client.BlobExistsAsync(layer, Ct));
        Assert.Equal(("HEAD", 404), (Assert.Single(BlobRequests()).Method, Assert.Single(BlobRequests()).Status));
    }

    [Fact]
    public async Task DescriptorOfAnotherSize_IsFalse()
    {
        var layer = await PushAsync("exists/size");
        using var client = Client("exists/size");

        Assert.False(await client.BlobExistsAsync(new Descriptor { MediaType = layer.MediaType, DigestText = layer.DigestText, Size = layer.Size + 1 }, Ct));
    }

    [Fact]
    public async Task RegistryRefusingTheBlob_ThrowsUnauthorized()
    {
        var layer = await PushAsync("exists/denied");
        _front.AddFault(HttpMethod.Head, "/blobs/", Fault.Respond(HttpStatusCode.Forbidden));
        using var client = Client("exists/denied");

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.BlobExistsAsync(layer, Ct));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    /// <summary>Pushes a random layer to <paramref name="repository"/>:v1 and returns its descriptor; clears the front's log.</summary>
    private async Task<Descriptor> PushAsync(string repository)
    {
        var content = RandomNumberGenerator.GetBytes(4096);
        await OrasPush.PushAsync(fixture.Tools, fixture.Server, _work, repository, "v1", new Dictionary<string, byte[]> { ["layer.bin"] = content });
        _front.ClearRequests();
        return new Descriptor { MediaType = "application/octet-stream", DigestText = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), Size = content.Length };
    }

    private List<FrontRequest> BlobRequests() => [.. _front.Requests.Where(r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal))];

    private RegistryClient Client(string repository) => _factory.Create(RepositoryReference.Parse($"{_front.Host}/{repository}"));
}
