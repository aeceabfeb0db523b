using System.Text;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Hostile;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>
/// A registry reached over HTTPS that redirects to plain HTTP on the same host and port: the credentials never
/// travel in clear text, neither sent up front nor in answer to a challenge on the plain-HTTP hop.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class DowngradeRedirectTests(RegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "downgrade/app";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-downgrade");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await OrasPush.PushAsync(
            fixture.Tools, fixture.Server, _work, Repository, "v1", new Dictionary<string, byte[]> { ["d.txt"] = Encoding.UTF8.GetBytes("downgraded") });

    [Fact]
    public async Task HttpsToHttpRedirectOnTheSameHost_SendsNoCredentialsOverPlainHttp()
    {
        await using var front = DualProtocolFront.Start(fixture.Server.BaseAddress);
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, front);
        var layer = (await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct)).Manifest.Layers.Single();

        await using var blob = await client.OpenBlobAsync(layer, Ct);
        using var reader = new StreamReader(blob);

        Assert.Equal("downgraded", await reader.ReadToEndAsync(Ct));
        Assert.Contains(front.Requests, r => r.OverTls && r.Status == 307 && r.Request.HasAuthorization);
        var plain = Assert.Single(front.Requests, r => !r.OverTls);
        Assert.False(plain.Request.HasAuthorization);
    }

    [Fact]
    public async Task HttpsToHttpRedirectOnTheSameHost_ChallengeOverPlainHttp_IsNotAnsweredWithCredentials()
    {
        await using var front = DualProtocolFront.Start(fixture.Server.BaseAddress, challengeOverPlainHttp: true);
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, front);
        var layer = (await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct)).Manifest.Layers.Single();

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.OpenBlobAsync(layer, Ct));

        Assert.Contains(front.Requests, r => !r.OverTls && r.Status == 401);
        Assert.DoesNotContain(front.Requests, r => !r.OverTls && r.Request.HasAuthorization);
    }

    public ValueTask DisposeAsync()
    {
        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private static RegistryClient Client(RegistryClientFactory factory, DualProtocolFront front) =>
        factory.Create(
            RepositoryReference.Parse($"{front.Host}/{Repository}"),
            new RegistryClientOptions
            {
                Credentials = new StaticCredentials(front.Host, RegistryCredential.FromUsernamePassword(front.Credential.UserName, front.Credential.Password)),
                Transport = new RegistryTransportOptions { CaCertificates = [front.Authority.Certificate] },
                Retry = new RetryOptions { MaxRetries = 0 },
            });
}
