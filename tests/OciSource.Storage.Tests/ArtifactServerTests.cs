using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;

namespace OciSource.Storage.Tests;

public sealed class ArtifactServerTests : IAsyncLifetime
{
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(100_000);
    private readonly StoreScope _scope = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ArtifactServer _server = null!;
    private StoredArtifact _stored = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _stored = await _scope.Store.StoreFileAsync(new ArtifactKey("ocirepository", "default", "app"), "sha256:abc.tar.gz", new MemoryStream(Content), Ct);
        _server = await ArtifactServer.StartAsync("127.0.0.1:0", _scope.Store, new ArtifactServerOptions(), NullLogger.Instance, Ct);
    }

    [Fact]
    public async Task Get_ServesTheFileWithDigestHeadersAndStrongETag()
    {
        using var response = await _http.GetAsync(Uri(_stored.Path), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal($"\"{_stored.Digest}\"", response.Headers.ETag!.Tag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.Equal(Content.Length, response.Content.Headers.ContentLength);
        Assert.Equal($"sha-256={Convert.ToBase64String(SHA256.HashData(Content))}", response.Headers.GetValues("Digest").Single());
    }

    [Fact]
    public async Task Get_FileLargerThanOneChunk_ServesEveryByte()
    {
        var large = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var stored = await _scope.Store.StoreFileAsync(new ArtifactKey("ocirepository", "default", "large"), "sha256:large.tar.gz", new MemoryStream(large), Ct);

        using var response = await _http.GetAsync(Uri(stored.Path), Ct);

        Assert.Equal(large.Length, response.Content.Headers.ContentLength);
        Assert.Equal(SHA256.HashData(large), SHA256.HashData(await response.Content.ReadAsByteArrayAsync(Ct)));
    }

    [Fact]
    public async Task Get_AfterTheStoreReplacedACorruptedBlob_ServesTheNewBlobNotTheOneItHadOpen()
    {
        Assert.Equal(Content, await _http.GetByteArrayAsync(Uri(_stored.Path), Ct));
        var blob = new FileInfo(Path.Combine(_scope.Options.Root, _stored.Path)).ResolveLinkTarget(true)!.FullName;
        var tampered = (byte[])Content.Clone();
        tampered[0] ^= 0xff;
        await File.WriteAllBytesAsync(blob, tampered, Ct);
        Assert.False(await _scope.Store.VerifyAsync(new ArtifactKey("ocirepository", "default", "app"), _stored, Ct));

        var again = await _scope.Store.StoreFileAsync(new ArtifactKey("ocirepository", "default", "app"), "sha256:abc.tar.gz", new MemoryStream(Content), Ct);

        Assert.Equal(Content, await _http.GetByteArrayAsync(Uri(again.Path), Ct));
    }

    [Fact]
    public async Task Get_LatestAlias_ServesTheCurrentArtifact()
    {
        Assert.Equal(Content, await _http.GetByteArrayAsync(Uri("ocirepository/default/app/latest.tar.gz"), Ct));
    }

    [Fact]
    public async Task Get_Range_ReturnsPartialContent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri(_stored.Path));
        request.Headers.Range = new RangeHeaderValue(100, 199);

        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Content[100..200], await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_IfNoneMatchTheDigest_IsNotModified()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri(_stored.Path));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{_stored.Digest}\""));

        using var response = await _http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Head_HasTheLengthAndNoBody()
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Uri(_stored.Path)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Content.Length, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?C=M;O=A")]
    [InlineData("?list")]
    public async Task Get_Root_IsOkWithAnEmptyBody(string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseAddress + pathAndQuery), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Head_Root_IsOkWithAZeroLength()
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, _server.BaseAddress), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("ocirepository")]
    [InlineData("ocirepository?list")]
    [InlineData("ocirepository/")]
    [InlineData("ocirepository/default/app/")]
    [InlineData("ocirepository/default/app/?C=M;O=A")]
    [InlineData("ocirepository/default/")]
    [InlineData("blobs/")]
    [InlineData("blobs/sha256/")]
    [InlineData("blobs/sha256/x")]
    [InlineData(".tmp/x")]
    [InlineData("ocirepository/default/app/missing.tar.gz")]
    public async Task Get_AnythingButAnArtifact_IsNotFound(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseAddress + path), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_IsNotServed()
    {
        using var response = await _http.PostAsync(Uri(_stored.Path), new ByteArrayContent([]), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Get_RegularFileInAnObjectDirectory_IsNotFound()
    {
        await File.WriteAllTextAsync(Path.Combine(_scope.Options.Root, "ocirepository", "default", "app", "plain.tar.gz"), "not a link", Ct);

        using var response = await _http.GetAsync(Uri("ocirepository/default/app/plain.tar.gz"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_LinkLeadingOutOfTheBlobDirectory_IsNotFound()
    {
        File.CreateSymbolicLink(Path.Combine(_scope.Options.Root, "ocirepository", "default", "app", "passwd.tar.gz"), "/etc/passwd");

        using var response = await _http.GetAsync(Uri("ocirepository/default/app/passwd.tar.gz"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_BlobThatIsItselfALink_IsNotFound()
    {
        var fake = Path.Combine(_scope.Options.Root, "blobs", "sha256", new string('a', 64));
        File.CreateSymbolicLink(fake, "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(_scope.Options.Root, "ocirepository", "default", "app", "fake.tar.gz"), fake);

        using var response = await _http.GetAsync(Uri("ocirepository/default/app/fake.tar.gz"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _scope.Dispose();
    }

    private Uri Uri(string path) => new(_server.BaseAddress, path);
}
