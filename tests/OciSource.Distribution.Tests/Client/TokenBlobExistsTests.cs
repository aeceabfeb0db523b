using System.Text;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary><see cref="IBlobChecker.BlobExistsAsync"/> answers the registry's token challenge like any read, and proves nothing without access.</summary>
[Collection(TokenRegistryCollection.Name)]
public sealed class TokenBlobExistsTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "private/exists";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-token-exists");
    private readonly RegistryServer _registry = fixture.Server;
    private Descriptor _layer = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await OrasPush.PushAsync(fixture.Tools, _registry, _work, Repository, "v1", new Dictionary<string, byte[]> { ["f.txt"] = Encoding.UTF8.GetBytes("exists") });
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, Credentials());
        _layer = (await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct)).Manifest.Layers[0];
    }

    [Fact]
    public async Task WithCredentials_IsTrue()
    {
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, Credentials());

        Assert.True(await client.BlobExistsAsync(_layer, Ct));
    }

    [Fact]
    public async Task Anonymous_ThrowsUnauthorized()
    {
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, AnonymousCredentials.Instance);

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.BlobExistsAsync(_layer, Ct));
    }

    public ValueTask DisposeAsync()
    {
        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private StaticCredentials Credentials() =>
        new(_registry.Host, RegistryCredential.FromUsernamePassword(_registry.Credential!.UserName, _registry.Credential.Password));

    private RegistryClient Client(RegistryClientFactory factory, ICredentialStore credentials) =>
        factory.Create(RepositoryReference.Parse($"{_registry.Host}/{Repository}"), new RegistryClientOptions { Credentials = credentials });
}
