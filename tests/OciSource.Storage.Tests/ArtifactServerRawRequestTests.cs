using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace OciSource.Storage.Tests;

/// <summary>
/// Request lines that a client library would normalise or refuse before sending (encoded dot segments, encoded
/// slashes and backslashes, empty segments, absolute-form targets, overlong paths), sent byte for byte over a socket
/// to the real server: none may serve a file outside the store's artifacts, while a plain artifact path still does.
/// </summary>
public sealed class ArtifactServerRawRequestTests : IAsyncLifetime
{
    private const string SecretName = "secret.txt";

    /// <summary>Bad request, not found, URI too long, headers too large: the answers that serve nothing.</summary>
    private static readonly int[] RefusedStatuses = [400, 404, 414, 431];

    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(10_000);
    private static readonly string Marker = "outside-the-store-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly StoreScope _scope = new();
    private ArtifactServer _server = null!;
    private StoredArtifact _stored = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Request targets, each aimed at <see cref="SecretName"/> next to the store root (or /etc/passwd), by a different trick.</summary>
    public static TheoryData<string> EscapingTargets => new()
    {
        $"/%2e%2e/{SecretName}",
        $"/%2E%2E/%2E%2E/etc/passwd",
        $"/ocirepository/default/app/%2e%2e/%2e%2e/%2e%2e/%2e%2e/{SecretName}",
        $"/ocirepository/default/%2e%2e/%2e%2e/%2e%2e/{SecretName}",
        $"/..%2f{SecretName}",
        $"/ocirepository/default/app/..%2f..%2f..%2f..%2f{SecretName}",
        $"/ocirepository/default/app/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        $"/ocirepository/default/app/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f{SecretName}",
        $"/ocirepository/default/app/..%5c..%5c..%5c..%5c{SecretName}",
        $"/ocirepository/default/app/%252e%252e/%252e%252e/%252e%252e/%252e%252e/{SecretName}",
        $"/../{SecretName}",
        $"/ocirepository/../../{SecretName}",
        $"//{SecretName}",
        "//etc/passwd",
        $"/ocirepository//default/app/../../../{SecretName}",
        $"../{SecretName}",
        $"http://127.0.0.1/../{SecretName}",
        $"http://127.0.0.1/%2e%2e/{SecretName}",
        "http://127.0.0.1/..%2f..%2f..%2fetc%2fpasswd",
        "http://127.0.0.1//etc/passwd",
        $"/ocirepository/default/app/%00/../../../../{SecretName}",
        "/" + new string('a', 100_000),
        "/ocirepository/default/app/" + string.Concat(Enumerable.Repeat("../", 2_000)) + SecretName,
        "/ocirepository/default/app/" + string.Concat(Enumerable.Repeat("%2e%2e/", 1_000)) + SecretName,
    };

    public async ValueTask InitializeAsync()
    {
        _stored = await _scope.Store.StoreFileAsync(new ArtifactKey("ocirepository", "default", "app"), "sha256:abc.tar.gz", new MemoryStream(Content), Ct);
        await File.WriteAllTextAsync(Path.Combine(_scope.Directory, SecretName), Marker, Ct);
        _server = await ArtifactServer.StartAsync("127.0.0.1:0", _scope.Store, new ArtifactServerOptions(), NullLogger.Instance, Ct);
    }

    [Fact]
    public async Task RawGet_OfAnArtifactPath_ServesIt()
    {
        var response = await RawHttp.SendAsync(_server.BaseAddress, $"GET /{_stored.Path} HTTP/1.1", Ct);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(Content, response.Body);
    }

    /// <summary>Request lines that name the server's root, with a query or through a dot segment: each answers 200 and nothing else.</summary>
    [Theory]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("HEAD / HTTP/1.1")]
    [InlineData("GET /?C=N;O=D HTTP/1.1")]
    [InlineData("GET /? HTTP/1.1")]
    [InlineData("GET /ocirepository/.. HTTP/1.1")]
    [InlineData("GET /%2e%2e/ HTTP/1.1")]
    [InlineData("GET / HTTP/1.0")]
    public async Task RawGet_OfTheRoot_IsOkWithAnEmptyBodyAndNoListing(string requestLine)
    {
        var response = await RawHttp.SendAsync(_server.BaseAddress, requestLine, Ct);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("\r\nContent-Length: 0", response.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(response.Body);
    }

    [Theory]
    [MemberData(nameof(EscapingTargets))]
    public async Task RawGet_OfATargetReachingOutOfTheStore_ServesNoFile(string target)
    {
        var response = await RawHttp.SendAsync(_server.BaseAddress, $"GET {target} HTTP/1.1", Ct);

        Assert.Contains(response.StatusCode, RefusedStatuses);
        var body = Encoding.Latin1.GetString(response.Body);
        Assert.DoesNotContain(Marker, body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        Assert.False(response.Body.AsSpan().IndexOf(Content.AsSpan(0, 64)) >= 0, "an artifact's bytes were served for a path that is not its own");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _scope.Dispose();
    }
}
