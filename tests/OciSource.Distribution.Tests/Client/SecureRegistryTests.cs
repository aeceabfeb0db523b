using System.Security.Cryptography.X509Certificates;
using System.Text;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Registry;
using OciSource.Testing.Tls;

namespace OciSource.Distribution.Tests.Client;

/// <summary>The client against the real registry with TLS (private CA) and htpasswd basic authentication.</summary>
[Collection(SecureRegistryCollection.Name)]
public sealed class SecureRegistryTests(SecureRegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "secure/app";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-secure");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly RegistryClientFactory _factory = new();
    private X509Certificate2Collection _ca = [];
    private string _digest = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ca = [X509CertificateLoader.LoadCertificateFromFile(_registry.CaCertificatePath!)];
        _digest = await OrasPush.PushAsync(
            fixture.Tools, _registry, _work, Repository, "v1", new Dictionary<string, byte[]> { ["s.txt"] = Encoding.UTF8.GetBytes("secret content") });
    }

    [Fact]
    public async Task CaAndCredentials_ResolveFetchAndStream()
    {
        using var client = Client(Credentials(_registry.Credential!.Password), new RegistryTransportOptions { CaCertificates = _ca });

        var image = await client.GetImageAsync("v1", Platform.LinuxAmd64, Ct);
        await using var blob = await client.OpenBlobAsync(image.Manifest.Layers.Single(), Ct);
        using var reader = new StreamReader(blob);

        Assert.Equal(_digest, (await client.ResolveAsync("v1", Ct)).DigestText);
        Assert.Equal("secret content", await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task NoCredentials_ThrowsUnauthorizedWithTheRegistrysCode()
    {
        using var client = Client(AnonymousCredentials.Instance, new RegistryTransportOptions { CaCertificates = _ca });

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.ResolveAsync("v1", Ct));

        Assert.Contains(error.Errors, e => e.Code == "UNAUTHORIZED");
    }

    [Fact]
    public async Task WrongPassword_ThrowsUnauthorizedWithoutThePassword()
    {
        using var client = Client(Credentials("not-the-password-xyz"), new RegistryTransportOptions { CaCertificates = _ca });

        var error = await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => client.GetManifestAsync("v1", Ct));

        Assert.DoesNotContain("not-the-password-xyz", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedCertificate_FailsTheTlsHandshakeInsteadOfFallingBackToHttp()
    {
        using var client = Client(Credentials(_registry.Credential!.Password), new RegistryTransportOptions());

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));

        Assert.IsType<CertificateRejectedException>(Assert.IsType<HttpRequestException>(error.InnerException).InnerException);
        Assert.Contains("TLS certificate of 127.0.0.1 is not trusted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsecureWithoutCa_SkipsCertificateVerification()
    {
        using var client = Client(Credentials(_registry.Credential!.Password), new RegistryTransportOptions { Insecure = true });

        Assert.Equal(_digest, (await client.ResolveAsync("v1", Ct)).DigestText);
    }

    [Fact]
    public async Task InsecureWithAnotherCa_StillVerifiesTheCertificate()
    {
        using var other = TestCertificateAuthority.Create("some-other-ca");
        using var client = Client(
            Credentials(_registry.Credential!.Password), new RegistryTransportOptions { Insecure = true, CaCertificates = [other.Certificate] });

        await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));
    }

    [Fact]
    public async Task DockerConfigCredentials_AreMatchedByRegistryHost()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_registry.Credential!.UserName}:{_registry.Credential.Password}"));
        var config = DockerConfigCredentials.Parse("{\"auths\":{\"https://" + _registry.Host + "\":{\"auth\":\"" + auth + "\"}}}");
        using var client = Client(config, new RegistryTransportOptions { CaCertificates = _ca });

        Assert.Equal(_digest, (await client.ResolveAsync("v1", Ct)).DigestText);
    }

    public ValueTask DisposeAsync()
    {
        _factory.Dispose();
        foreach (var certificate in _ca)
        {
            certificate.Dispose();
        }

        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private StaticCredentials Credentials(string password) =>
        new(_registry.Host, RegistryCredential.FromUsernamePassword(_registry.Credential!.UserName, password));

    private RegistryClient Client(ICredentialStore credentials, RegistryTransportOptions transport) =>
        _factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/{Repository}"),
            new RegistryClientOptions { Credentials = credentials, Transport = transport, Retry = new RetryOptions { MaxRetries = 0 } });
}
