using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>Each fault of the <see cref="TamperingFront"/> is visible to a plain HttpClient talking to a real registry through it.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TamperingFrontTests(RegistryFixture fixture) : IAsyncLifetime
{
    private const int BlobSize = 300 * 1024;
    private TamperingFront _front = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _front = await TamperingFront.StartAsync(fixture.Server, Ct);
        _http = _front.CreateHttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _front.DisposeAsync();
    }

    [Fact]
    public async Task Blob_WithoutFaults_IsForwardedWithTheRegistrysHeaders()
    {
        var blob = await PushAsync("front/plain");

        using var response = await _http.GetAsync(blob.BlobPath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(blob.Bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(blob.Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
        var logged = Assert.Single(_front.Requests);
        Assert.Equal(("GET", "/" + blob.BlobPath, 200, (FaultKind?)null, false), (logged.Method, logged.PathAndQuery, logged.Status, logged.Fault, logged.AtRedirectTarget));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, null)]
    [InlineData(HttpStatusCode.BadGateway, null)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    [InlineData(HttpStatusCode.GatewayTimeout, null)]
    [InlineData(HttpStatusCode.RequestTimeout, null)]
    [InlineData(HttpStatusCode.TooManyRequests, "2")]
    public async Task Respond_AnswersTheStatusWithoutForwarding(HttpStatusCode status, string? retryAfter)
    {
        var blob = await PushAsync("front/status");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.Respond(status, retryAfter));

        using var response = await _http.GetAsync(blob.BlobPath, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(retryAfter, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]![0]!;
        Assert.Contains("tampering front", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(FaultKind.Respond, Assert.Single(_front.Requests).Fault);
    }

    [Fact]
    public async Task Fault_AfterItsUses_PassesThrough()
    {
        var blob = await PushAsync("front/times");
        var rule = _front.AddFault(HttpMethod.Get, "/blobs/", Fault.Respond(HttpStatusCode.ServiceUnavailable), times: 2);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _http.GetAsync(blob.BlobPath, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal(2, rule.Applied);
        Assert.Equal([FaultKind.Respond, FaultKind.Respond, null], _front.Requests.Select(r => r.Fault));
    }

    [Fact]
    public async Task Fault_OnAnotherMethodOrPath_DoesNotApply()
    {
        var blob = await PushAsync("front/nomatch");
        var rule = _front.AddFault(HttpMethod.Head, "/blobs/", Fault.Respond(HttpStatusCode.InternalServerError));
        _front.AddFault(HttpMethod.Get, "/manifests/", Fault.Respond(HttpStatusCode.InternalServerError));

        using var response = await _http.GetAsync(blob.BlobPath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, rule.Applied);
    }

    [Fact]
    public async Task FlipByte_ChangesExactlyThatByte()
    {
        var blob = await PushAsync("front/flip");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.FlipByte(123_456));

        var received = await _http.GetByteArrayAsync(blob.BlobPath, Ct);

        Assert.Equal(blob.Bytes.Length, received.Length);
        var differences = Enumerable.Range(0, received.Length).Where(i => received[i] != blob.Bytes[i]).ToList();
        Assert.Equal([123_456], differences);
        Assert.Equal((byte)~blob.Bytes[123_456], received[123_456]);
        Assert.NotEqual(blob.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(received)));
    }

    [Fact]
    public async Task ResetAfter_DeliversAtMostThoseBytesThenTheReadFails()
    {
        var blob = await PushAsync("front/reset");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.ResetAfter(100_000));

        using var response = await _http.GetAsync(blob.BlobPath, HttpCompletionOption.ResponseHeadersRead, Ct);
        var (read, error) = await DrainAsync(response, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(error);
        Assert.InRange(read, 0, 100_000);
        Assert.Equal(FaultKind.ResetAfter, Assert.Single(_front.Requests).Fault);
    }

    [Fact]
    public async Task MisstateLength_Bigger_EndsTheBodyPrematurely()
    {
        var blob = await PushAsync("front/longer");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.MisstateLength(+1000));

        using var response = await _http.GetAsync(blob.BlobPath, HttpCompletionOption.ResponseHeadersRead, Ct);
        var (read, error) = await DrainAsync(response, Ct);

        Assert.Equal(BlobSize + 1000, response.Content.Headers.ContentLength);
        Assert.NotNull(error);
        Assert.InRange(read, 0, BlobSize);
    }

    [Fact]
    public async Task MisstateLength_Smaller_CutsTheBodyCleanly()
    {
        var blob = await PushAsync("front/shorter");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.MisstateLength(-1000));

        var received = await _http.GetByteArrayAsync(blob.BlobPath, Ct);

        Assert.Equal(blob.Bytes[..(BlobSize - 1000)], received);
    }

    [Fact]
    public async Task AppendBytes_SendsExtraBytesWithAMatchingContentLength()
    {
        var blob = await PushAsync("front/append");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.AppendBytes(7));

        using var response = await _http.GetAsync(blob.BlobPath, Ct);
        var received = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(BlobSize + 7, response.Content.Headers.ContentLength);
        Assert.Equal([.. blob.Bytes, .. new byte[7]], received);
    }

    [Fact]
    public async Task Range_WithoutFaults_Gets206WithContentRange()
    {
        var blob = await PushAsync("front/range");

        using var response = await GetRangeAsync(blob, 1000);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 1000-{BlobSize - 1}/{BlobSize}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(blob.Bytes[1000..], await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("bytes=1000-", Assert.Single(_front.Requests).Range);
    }

    [Fact]
    public async Task IgnoreRange_GetsTheWholeBlobWith200AndNoAcceptRanges()
    {
        var blob = await PushAsync("front/norange");
        var rule = _front.AddFault(HttpMethod.Get, "/blobs/", Fault.IgnoreRange());
        using (var plain = await _http.GetAsync(blob.BlobPath, Ct))
        {
            Assert.Equal(0, rule.Applied); // a request without Range does not use the fault up
        }

        using var response = await GetRangeAsync(blob, 1000);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Headers.AcceptRanges);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(blob.Bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(FaultKind.IgnoreRange, _front.Requests[^1].Fault);
    }

    [Fact]
    public async Task Stall_AfterTheFirstBytes_LeavesTheNextReadWaitingUntilTheClientGivesUp()
    {
        var blob = await PushAsync("front/stall");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.Stall(50_000, TimeSpan.FromMinutes(5)));

        using var response = await _http.GetAsync(blob.BlobPath, HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        await body.ReadExactlyAsync(new byte[50_000], Ct);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = await Record.ExceptionAsync(async () => await body.ReadExactlyAsync(new byte[1], patience.Token));

        Assert.IsType<OperationCanceledException>(error, exactMatch: false);
        Assert.Equal(FaultKind.Stall, Assert.Single(_front.Requests).Fault);
    }

    [Fact]
    public async Task Stall_Short_ThenDeliversTheWholeBody()
    {
        var blob = await PushAsync("front/pause");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.Stall(10, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(blob.Bytes, await _http.GetByteArrayAsync(blob.BlobPath, Ct));
        Assert.Equal(FaultKind.Stall, Assert.Single(_front.Requests).Fault);
    }

    [Fact]
    public async Task Redirect_PointsToAnotherHostThatServesTheSameBytesAndLogsTheHeaders()
    {
        var blob = await PushAsync("front/redirect");
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.RedirectToOtherHost());

        using var redirect = await _http.GetAsync(blob.BlobPath, Ct);
        var location = redirect.Headers.Location!;
        using var followed = await _http.GetAsync(location, Ct);
        using var withAuthorization = new HttpRequestMessage(HttpMethod.Get, location);
        withAuthorization.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "leaked");
        using var leaked = await _http.SendAsync(withAuthorization, Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal(("localhost", _front.RedirectTargetAddress.Port), (location.Host, location.Port));
        Assert.NotEqual(_front.BaseAddress.Port, location.Port);
        Assert.Equal(blob.Bytes, await followed.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, leaked.StatusCode);
        var atTarget = _front.Requests.Where(r => r.AtRedirectTarget).ToList();
        Assert.Equal([false, true], atTarget.Select(r => r.HasAuthorization));
        Assert.False(atTarget[0].Headers.ContainsKey("Authorization"));
        Assert.Equal("Bearer (redacted)", atTarget[1].Headers["Authorization"]);
        Assert.Equal(_front.RedirectTargetHost, atTarget[0].Headers["Host"]);
    }

    [Fact]
    public async Task Catalog_KeepsTheRegistrysLinkPaginationHeader()
    {
        await PushAsync("front/catalog-a");
        await PushAsync("front/catalog-b");

        using var first = await _http.GetAsync("v2/_catalog?n=1", Ct);
        var link = first.Headers.GetValues("Link").Single();
        var second = JsonNode.Parse(await _http.GetStringAsync(NextPage(link), Ct))!;

        Assert.Matches("^</v2/_catalog\\?last=[^&]+&n=1>; rel=\"next\"$", link);
        Assert.Single(second["repositories"]!.AsArray());
        Assert.All(_front.Requests, r => Assert.Null(r.Fault));
    }

    [Fact]
    public async Task PaginateTags_PagesTheRegistrysTagListWithLinks()
    {
        var blob = await PushAsync("front/tags");
        await fixture.Tools.RunAsync(
            fixture.Tools.Oras, ["tag", $"{fixture.Server.Host}/{blob.Repository}:v1", "v2", "v3", "v4", "v5", "--plain-http"], Ct);
        using (var unpaged = await _http.GetAsync($"v2/{blob.Repository}/tags/list?n=2", Ct))
        {
            Assert.False(unpaged.Headers.Contains("Link"), "distribution 2.8.2 is expected to ignore n on tags/list");
        }

        var rule = _front.AddFault(HttpMethod.Get, "/tags/list", Fault.PaginateTags(2), times: int.MaxValue);
        var pages = new List<string[]>();
        string? next = $"/v2/{blob.Repository}/tags/list?n=1000";
        while (next is not null)
        {
            using var response = await _http.GetAsync(next, Ct);
            var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal(blob.Repository, list["name"]!.GetValue<string>());
            pages.Add([.. list["tags"]!.AsArray().Select(t => t!.GetValue<string>())]);
            next = response.Headers.TryGetValues("Link", out var link) ? NextPage(link.Single()) : null;
        }

        Assert.Equal([["v1", "v2"], ["v3", "v4"], ["v5"]], pages);
        Assert.Equal(3, rule.Applied);
    }

    [Fact]
    public async Task OrasPushAndPull_ThroughTheFront_RoundTrip()
    {
        var work = TestEnvironment.CreateWorkDirectory("front-oras");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "note.txt"), "pushed through the front", Ct);
            var tools = fixture.Tools;
            await tools.RunAsync(tools.Oras, ["push", $"{_front.Host}/front/oras:v1", "note.txt", "--plain-http"], Ct, workingDirectory: work);
            await tools.RunAsync(tools.Oras, ["pull", $"{_front.Host}/front/oras:v1", "-o", "out", "--plain-http"], Ct, workingDirectory: work);

            Assert.Equal("pushed through the front", await File.ReadAllTextAsync(Path.Combine(work, "out", "note.txt"), Ct));
            Assert.Contains(_front.Requests, r => r.Method == "PUT" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal));
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }

    private static string NextPage(string link) => link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)];

    private Task<PushedBlob> PushAsync(string repository) => PushedBlob.PushAsync(fixture.Tools, fixture.Server, repository, BlobSize, Ct);

    private async Task<HttpResponseMessage> GetRangeAsync(PushedBlob blob, long from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, blob.BlobPath);
        request.Headers.Range = new RangeHeaderValue(from, null);
        return await _http.SendAsync(request, Ct);
    }

    /// <summary>Reads the body to its end or first error; returns the bytes read and the error (null: the body ended cleanly).</summary>
    private static async Task<(long Read, Exception? Error)> DrainAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
            }

            return (total, null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return (total, e);
        }
    }
}
