using System.Net;
using System.Net.Http.Headers;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>The <see cref="TamperingFront"/> in front of the token registry: authentication passes through, redirects drop it.</summary>
[Collection(TokenRegistryCollection.Name)]
public sealed class TamperingFrontTokenTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private readonly RegistryServer _registry = fixture.Server;
    private TamperingFront _front = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _front = await TamperingFront.StartAsync(_registry, Ct);
        _http = _front.CreateHttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _front.DisposeAsync();
    }

    [Fact]
    public async Task OrasPull_ThroughTheFront_FollowsTheRegistrysChallengeWithItsCredentials()
    {
        var blob = await PushedBlob.PushAsync(fixture.Tools, _registry, "front/oras-token", 1024, Ct);
        var work = TestEnvironment.CreateWorkDirectory("front-token");
        try
        {
            await fixture.Tools.RunAsync(
                fixture.Tools.Oras,
                ["pull", $"{_front.Host}/{blob.Repository}:v1", "-o", work, "--plain-http", "-u", _registry.Credential!.UserName, "-p", _registry.Credential.Password],
                Ct);

            Assert.Equal(blob.Bytes, await File.ReadAllBytesAsync(Path.Combine(work, "blob.bin"), Ct));
            Assert.Contains(_front.Requests, r => r is { Status: 401, HasAuthorization: false });
            Assert.Contains(_front.Requests, r => r is { Status: 200, HasAuthorization: true } && r.PathAndQuery.Contains(blob.Digest, StringComparison.Ordinal));
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }

    [Fact]
    public async Task BodyFault_OnAChallengedRequest_IsNotUsedUp()
    {
        var blob = await PushedBlob.PushAsync(fixture.Tools, _registry, "front/challenged", 4096, Ct);
        var rule = _front.AddFault(HttpMethod.Get, "/blobs/", Fault.FlipByte(0));
        using var challenged = await _http.GetAsync(blob.BlobPath, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        Assert.Equal(0, rule.Applied);

        using var request = await AuthorizedBlobRequestAsync(blob);
        using var response = await _http.SendAsync(request, Ct);
        var received = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal((byte)~blob.Bytes[0], received[0]);
        Assert.Equal(blob.Bytes[1..], received[1..]);
        Assert.Equal(1, rule.Applied);
    }

    [Fact]
    public async Task Redirect_OfAnAuthorizedBlobRead_IsServedWithoutTheClientsAuthorization()
    {
        var blob = await PushedBlob.PushAsync(fixture.Tools, _registry, "front/redirect-token", 64 * 1024, Ct);
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.RedirectToOtherHost());

        using var request = await AuthorizedBlobRequestAsync(blob);
        using var redirect = await _http.SendAsync(request, Ct);
        using var followed = await _http.GetAsync(redirect.Headers.Location, Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(blob.Bytes, await followed.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(blob.Digest, followed.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal([(false, true), (true, false)], _front.Requests.Select(r => (r.AtRedirectTarget, r.HasAuthorization)));
    }

    private async Task<HttpRequestMessage> AuthorizedBlobRequestAsync(PushedBlob blob)
    {
        var token = await TokenFetcher.GetAsync(_http, _registry.TokenServer!, $"repository:{blob.Repository}:pull", _registry.Credential, Ct);
        var request = new HttpRequestMessage(HttpMethod.Get, blob.BlobPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
