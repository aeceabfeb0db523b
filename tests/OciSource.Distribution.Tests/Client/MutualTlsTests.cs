using System.Security.Cryptography.X509Certificates;
using OciSource.Distribution.Client;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Registry;
using OciSource.Testing.Tls;

namespace OciSource.Distribution.Tests.Client;

/// <summary>The client against the real registry requiring client certificates (distribution's <c>tls.clientcas</c>).</summary>
[Collection(MutualTlsRegistryCollection.Name)]
public sealed class MutualTlsTests(MutualTlsRegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "mtls/app";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-mtls");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly RegistryClientFactory _factory = new();
    private X509Certificate2Collection _ca = [];
    private X509Certificate2 _clientCertificate = null!;
    private string _digest = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ca = [X509CertificateLoader.LoadCertificateFromFile(_registry.CaCertificatePath!)];
        _clientCertificate = _registry.IssueClientCertificate("ocisource-controller");
        var certificate = Path.Combine(_work, "client.crt");
        var key = Path.Combine(_work, "client.key");
        TestCertificateAuthority.WritePemFiles(_clientCertificate, certificate, key);
        await File.WriteAllTextAsync(Path.Combine(_work, "m.txt"), "mutual", Ct);
        var push = await fixture.Tools.RunAsync(
            fixture.Tools.Oras,
            ["push", $"{_registry.Host}/{Repository}:v1", "m.txt", "--ca-file", _registry.CaCertificatePath!, "--cert-file", certificate, "--key-file", key],
            Ct,
            workingDirectory: _work);
        _digest = push.StandardOutput.Split("Digest: ")[1].Trim()[..71];
    }

    [Fact]
    public async Task ClientCertificateFromTheCa_IsAccepted()
    {
        using var client = Client(new RegistryTransportOptions { CaCertificates = _ca, ClientCertificate = _clientCertificate });

        Assert.Equal(_digest, (await client.ResolveAsync("v1", Ct)).DigestText);
    }

    [Fact]
    public async Task NoClientCertificate_IsRefused()
    {
        using var client = Client(new RegistryTransportOptions { CaCertificates = _ca });

        await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_IsRefused()
    {
        using var other = TestCertificateAuthority.Create("not-the-registry-ca");
        using var stranger = other.IssueClientCertificate("stranger", "elsewhere");
        using var client = Client(new RegistryTransportOptions { CaCertificates = _ca, ClientCertificate = stranger });

        await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));
    }

    /// <summary>
    /// Flux turns certificate checks off for <c>insecure</c> only when there is no <c>certSecretRef</c> at all: a client
    /// pair alone still verifies the server (against the system roots, which do not hold the registry's private CA).
    /// </summary>
    [Fact]
    public async Task InsecureWithOnlyAClientCertificate_StillVerifiesTheServer()
    {
        using var client = Client(new RegistryTransportOptions { Insecure = true, ClientCertificate = _clientCertificate });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ResolveAsync("v1", Ct));

        Assert.Contains("is not trusted", error.Message, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        _factory.Dispose();
        _clientCertificate.Dispose();
        foreach (var certificate in _ca)
        {
            certificate.Dispose();
        }

        TestEnvironment.DeleteWorkDirectory(_work);
        return ValueTask.CompletedTask;
    }

    private RegistryClient Client(RegistryTransportOptions transport) =>
        _factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/{Repository}"),
            new RegistryClientOptions { Transport = transport, Retry = new RetryOptions { MaxRetries = 0 } });
}
