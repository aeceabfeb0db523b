using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>
/// The client through a <see cref="TamperingFront"/> before the real registry: every fault ends in a typed error or a
/// successful retry, never in bytes handed out as valid.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class TamperingTests : IAsyncLifetime
{
    private readonly RegistryFixture _fixture;
    private const string Repository = "tamper/app";
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(256 * 1024 + 3);
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-tamper");
    private readonly FakeLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly RegistryClientFactory _factory;
    private TamperingFront _front = null!;
    private string _manifestDigest = string.Empty;

    public TamperingTests(RegistryFixture fixture)
    {
        _fixture = fixture;
        _loggerFactory = new LoggerFactory([_logs]);
        _factory = new RegistryClientFactory(_loggerFactory);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RetryOptions FastRetries => new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromSeconds(2),
        MaxBlobResumes = 3,
    };

    /// <summary>
    /// Long enough that a loaded machine's own pauses do not trip it (each would add a legitimate resume); short
    /// enough that the stall tests do not wait long.
    /// </summary>
    private static RegistryTransportOptions ShortIdleTimeout => new() { ReadIdleTimeout = TimeSpan.FromSeconds(3) };

    public async ValueTask InitializeAsync()
    {
        _manifestDigest = await OrasPush.PushAsync(
            _fixture.Tools, _fixture.Server, _work, Repository, "v1", new Dictionary<string, byte[]> { ["blob.bin"] = Content });
        _front = await TamperingFront.StartAsync(_fixture.Server, Ct);
    }

    [Fact]
    public async Task Blob_FlippedByte_FailsWithDigestMismatch()
    {
        using var client = Client();
        var layer = await LayerAsync(client);
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.FlipByte(1000));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => ReadAllAsync(client, layer));

        Assert.Contains("expected " + layer.DigestText, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blob_ResetMidBody_ResumesWithRangeAndDeliversTheExactBlob()
    {
        using var client = Client();
        var layer = await LayerAsync(client);
        var resets = _front.AddFault(HttpMethod.Get, "/blobs/", Fault.ResetAfter(64 * 1024), times: 2);

        Assert.Equal(Content, await ReadAllAsync(client, layer));

        // Both resets were resumed, never restarted from byte 0 (a slow machine may add a resume of its own: not counted exactly).
        Assert.Equal(2, resets.Applied);
        var ranges = BlobRequests().Select(r => r.Range).ToList();
        Assert.True(ranges.Count >= 3, $"{ranges.Count} blob requests for two resets");
        Assert.Null(ranges[0]);
        Assert.All(ranges.Skip(1), r => Assert.StartsWith("bytes=", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Blob_ResetAndRangesIgnored_RestartsSkipsDeliveredBytesAndVerifies()
    {
        using var client = Client();
        var layer = await LayerAsync(client);
        var reset = _front.AddFault(HttpMethod.Get, "/blobs/", Fault.ResetAfter(100 * 1024));
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.IgnoreRange(), times: 5);

        Assert.Equal(Content, await ReadAllAsync(client, layer));
        Assert.Equal(1, reset.Applied);
        var statuses = BlobRequests().Select(r => r.Status).ToList();
        Assert.True(statuses.Count >= 2, $"{statuses.Count} blob requests for one reset");
        Assert.All(statuses, status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task Blob_ResetMoreOftenThanResumesAllow_ThrowsRegistryException()
    {
        using var client = Client();
        var layer = await LayerAsync(client);
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.ResetAfter(1024), times: 10);

        var error = await Assert.ThrowsAsync<RegistryException>(() => ReadAllAsync(client, layer));

        // Depending on where the reset lands, the last failure is a broken body or a response that never arrived.
        Assert.StartsWith($"fetch blob {layer.DigestText}", error.Message, StringComparison.Ordinal);
        Assert.True(BlobRequests().Count > FastRetries.MaxBlobResumes, "the download was resumed before giving up");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task Blob_ContentLengthDisagreesWithDescriptor_FailsBeforeAnyByte(long delta)
    {
        using var client = Client();
        var layer = await LayerAsync(client);
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.MisstateLength(delta));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => client.OpenBlobAsync(layer, Ct));

        Assert.Contains($"the descriptor says {layer.Size}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blob_ExtraBytesWithMatchingLength_FailsWithDigestMismatch()
    {
        using var client = Client();
        var layer = await LayerAsync(client);
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.AppendBytes(5));

        await Assert.ThrowsAsync<DigestMismatchException>(() => ReadAllAsync(client, layer));
    }

    [Fact]
    public async Task Blob_StalledPastTheIdleTimeout_ResumesAndVerifies()
    {
        using var client = Client();
        var layer = await LayerAsync(client);
        var stall = _front.AddFault(HttpMethod.Get, "/blobs/", Fault.Stall(32 * 1024, TimeSpan.FromSeconds(60)));

        Assert.Equal(Content, await ReadAllAsync(client, layer));

        // The stalled response was abandoned (a client that waited it out would see one request) and the rest fetched
        // with Range from where it stopped.
        Assert.Equal(1, stall.Applied);
        var ranges = BlobRequests().Select(r => r.Range).ToList();
        Assert.True(ranges.Count >= 2, $"{ranges.Count} blob requests");
        Assert.Null(ranges[0]);
        Assert.All(ranges.Skip(1), r => Assert.StartsWith("bytes=", r, StringComparison.Ordinal));
    }

    /// <summary>A manifest body that stops mid-way is bounded by the read idle timeout (retried, then a <see cref="RegistryException"/>), not left waiting.</summary>
    [Fact]
    public async Task Manifest_BodyStalledForever_FailsWithRegistryExceptionAfterTheIdleTimeout()
    {
        using var client = Client();
        var never = new TaskCompletionSource();
        var stall = _front.AddFault(HttpMethod.Get, "/manifests/v1", Fault.StallUntil(10, never.Task), times: int.MaxValue);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("v1", Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct));

        Assert.Contains("no data", error.Message, StringComparison.Ordinal);
        Assert.True(stall.Applied >= 1);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Manifest_TransientStatusTwice_IsRetried(HttpStatusCode status)
    {
        using var client = Client();
        _front.AddFault(HttpMethod.Get, "/manifests/", Fault.Respond(status), times: 2);

        var manifest = await client.GetManifestAsync(_manifestDigest, Ct);

        Assert.Equal(_manifestDigest, manifest.Descriptor.DigestText);
        Assert.Equal(3, _front.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Manifest_TooManyRequestsWithRetryAfter_WaitsTheAskedDelay()
    {
        using var client = Client();
        _front.AddFault(HttpMethod.Get, "/manifests/", Fault.Respond(HttpStatusCode.TooManyRequests, retryAfter: "1"));

        await client.GetManifestAsync(_manifestDigest, Ct);

        var retry = Assert.Single(_logs.Collector.GetSnapshot(), r => r.Message.StartsWith("Retrying registry request", StringComparison.Ordinal));
        Assert.Contains(TimeSpan.FromSeconds(1).ToString(), retry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_UnavailableLongerThanRetries_ThrowsRegistryExceptionWithTheStatus()
    {
        using var client = Client();
        _front.AddFault(HttpMethod.Get, "/manifests/", Fault.Respond(HttpStatusCode.ServiceUnavailable), times: 10);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(_manifestDigest, Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1 + FastRetries.MaxRetries, _front.Requests.Count(r => r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Manifest_FlippedByte_FailsWithDigestMismatch(bool byDigest)
    {
        using var client = Client();
        _front.AddFault(HttpMethod.Get, "/manifests/", Fault.FlipByte(10));

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => client.GetManifestAsync(byDigest ? _manifestDigest : "v1", Ct));

        Assert.Contains("expected " + _manifestDigest, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_HeadFailing_FallsBackToGet()
    {
        using var client = Client();
        _front.AddFault(HttpMethod.Head, "/manifests/", Fault.Respond(HttpStatusCode.InternalServerError), times: 10);

        Assert.Equal(_manifestDigest, (await client.ResolveAsync("v1", Ct)).DigestText);
        Assert.Contains(_front.Requests, r => r.Method == "GET" && r.PathAndQuery.EndsWith("/manifests/v1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tags_PaginatedByLink_AreAllListedPageByPage()
    {
        var tags = Enumerable.Range(0, 250).Select(i => string.Create(CultureInfo.InvariantCulture, $"p{i:D3}")).ToList();
        await _fixture.Tools.RunAsync(_fixture.Tools.Oras, ["tag", $"{_fixture.Server.Host}/{Repository}:v1", .. tags, "--plain-http"], Ct);
        _front.AddFault(HttpMethod.Get, "/tags/list", Fault.PaginateTags(100), times: int.MaxValue);
        using var client = Client();

        var listed = await client.ListTagsAsync(Ct);

        Assert.Equal([.. tags, "v1"], listed.Order(StringComparer.Ordinal));
        Assert.Equal(3, _front.Requests.Count(r => r.PathAndQuery.Contains("/tags/list", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        _factory.Dispose();
        _loggerFactory.Dispose();
        _logs.Dispose();
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private List<FrontRequest> BlobRequests() =>
        [.. _front.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal))];

    private RegistryClient Client()
    {
        return _factory.Create(RepositoryReference.Parse($"{_front.Host}/{Repository}"), new RegistryClientOptions { Retry = FastRetries, Transport = ShortIdleTimeout });
    }

    private async Task<Descriptor> LayerAsync(RegistryClient client)
    {
        var layer = (await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct)).Manifest.Layers.Single();
        _front.ClearRequests();
        return layer;
    }

    private static async Task<byte[]> ReadAllAsync(RegistryClient client, Descriptor layer)
    {
        await using var blob = await client.OpenBlobAsync(layer, Ct);
        using var copy = new MemoryStream();
        await blob.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
