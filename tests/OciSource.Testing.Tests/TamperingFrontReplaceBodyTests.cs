using System.Net;
using System.Security.Cryptography;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary><see cref="Fault.ReplaceBody"/>: another body of exactly the declared length reaches a plain HttpClient.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TamperingFrontReplaceBodyTests(RegistryFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReplaceBody_SendsTheReplacementPaddedWithZerosUnderTheRealContentLength()
    {
        var blob = await PushedBlob.PushAsync(fixture.Tools, fixture.Server, "front/replace", 10_000, Ct);
        await using var front = await TamperingFront.StartAsync(fixture.Server, Ct);
        using var http = front.CreateHttpClient();
        var replacement = RandomNumberGenerator.GetBytes(1234);
        var rule = front.AddFault(HttpMethod.Get, "/blobs/", Fault.ReplaceBody(replacement));

        using var response = await http.GetAsync(blob.BlobPath, Ct);
        var received = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10_000, response.Content.Headers.ContentLength);
        Assert.Equal([.. replacement, .. new byte[10_000 - 1234]], received);
        Assert.Equal(1, rule.Applied);
        Assert.Equal(FaultKind.ReplaceBody, Assert.Single(front.Requests).Fault);
    }
}
