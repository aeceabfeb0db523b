using System.Text;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>Blob downloads redirected to another host (as registries do to object storage) never carry credentials there.</summary>
[Collection(TokenRegistryCollection.Name)]
public sealed class RedirectTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "private/redirected";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-redirect");
    private TamperingFront _front = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await OrasPush.PushAsync(
            fixture.Tools, fixture.Server, _work, Repository, "v1", new Dictionary<string, byte[]> { ["r.txt"] = Encoding.UTF8.GetBytes("redirected content") });
        _front = await TamperingFront.StartAsync(fixture.Server, Ct);
    }

    [Fact]
    public async Task RedirectedBlob_IsFetchedFromTheOtherHostWithoutAuthorization()
    {
        using var factory = new RegistryClientFactory();
        var credential = RegistryCredential.FromUsernamePassword(fixture.Server.Credential!.UserName, fixture.Server.Credential.Password);
        using var client = factory.Create(
            RepositoryReference.Parse($"{_front.Host}/{Repository}"),
            new RegistryClientOptions { Credentials = new StaticCredentials(_front.Host, credential) });
        var layer = (await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct)).Manifest.Layers.Single();
        _front.AddFault(HttpMethod.Get, "/blobs/", Fault.RedirectToOtherHost());

        await using var blob = await client.OpenBlobAsync(layer, Ct);
        using var reader = new StreamReader(blob);

        Assert.Equal("redirected content", await reader.ReadToEndAsync(Ct));
        var redirected = _front.Requests.Where(r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal) || r.AtRedirectTarget).ToList();
        Assert.Contains(redirected, r => !r.AtRedirectTarget && r.HasAuthorization && r.Status == 307);
        var atTarget = Assert.Single(redirected, r => r.AtRedirectTarget);
        Assert.False(atTarget.HasAuthorization);
        Assert.Equal(200, atTarget.Status);
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        TestEnvironment.DeleteWorkDirectory(_work);
    }
}
