using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using OciSource.Testing.Processes;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Registry;

/// <summary>
/// A CNCF distribution registry (Debian's <c>docker-registry</c>) on a free port of 127.0.0.1, with filesystem
/// storage in a private directory and deletes enabled, authenticating as <see cref="RegistryAuth"/> says: none,
/// TLS (certificate from a private CA) with htpasswd basic authentication, or token authentication against a
/// <see cref="Registry.TokenServer"/> (plain HTTP).
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _workDirectory;
    private readonly ManagedProcess _process;
    private readonly TestCertificateAuthority? _authority;

    private RegistryServer(
        string workDirectory, ManagedProcess process, int port, RegistryAuth auth, TestCertificateAuthority? authority, NetworkCredential? credential, TokenServer? tokenServer)
    {
        _workDirectory = workDirectory;
        _process = process;
        _authority = authority;
        Port = port;
        Auth = auth;
        Credential = credential;
        TokenServer = tokenServer;
        CaCertificatePath = authority is null ? null : Path.Combine(workDirectory, "ca.crt");
    }

    public RegistryAuth Auth { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the registry part of a reference.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public bool UsesTls => _authority is not null;

    public Uri BaseAddress => new($"{(UsesTls ? "https" : "http")}://{Host}/");

    /// <summary>The user with pull and push rights (htpasswd or token server user); null for an anonymous registry.</summary>
    public NetworkCredential? Credential { get; }

    /// <summary>The token server this registry trusts; null unless <see cref="RegistryAuth.Token"/>.</summary>
    public TokenServer? TokenServer { get; }

    /// <summary>An identity token (Docker <c>identitytoken</c>) for the <c>refresh_token</c> grant; null unless <see cref="RegistryAuth.Token"/>.</summary>
    public string? RefreshToken => TokenServer?.RefreshToken;

    /// <summary>PEM file of the CA that signed the registry's certificate; null without TLS.</summary>
    public string? CaCertificatePath { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts an anonymous (<paramref name="secure"/> false) or <see cref="RegistryAuth.HtpasswdTls"/> registry.</summary>
    /// <exception cref="ProcessStartFailedException">It did not start; the message holds its log.</exception>
    public static Task<RegistryServer> StartAsync(Tools tools, bool secure, CancellationToken cancellationToken) =>
        StartAsync(tools, secure ? RegistryAuth.HtpasswdTls : RegistryAuth.Anonymous, cancellationToken);

    /// <summary>Starts the registry (and for <see cref="RegistryAuth.Token"/> its token server) and waits until <c>/v2/</c> answers.</summary>
    /// <exception cref="ProcessStartFailedException">It did not start; the message holds its log.</exception>
    public static async Task<RegistryServer> StartAsync(Tools tools, RegistryAuth auth, CancellationToken cancellationToken)
    {
        var workDirectory = TestEnvironment.CreateWorkDirectory(auth switch
        {
            RegistryAuth.HtpasswdTls => "registry-secure",
            RegistryAuth.Token => "registry-token",
            RegistryAuth.MutualTls => "registry-mtls",
            _ => "registry",
        });
        TestCertificateAuthority? authority = null;
        TokenServer? tokenServer = null;
        NetworkCredential? credential = null;
        try
        {
            if (auth is RegistryAuth.HtpasswdTls or RegistryAuth.MutualTls)
            {
                authority = TestCertificateAuthority.Create("ocisource-test-registry-ca");
                authority.WriteCertificate(Path.Combine(workDirectory, "ca.crt"));
                using var serverCertificate = authority.IssueServerCertificate("ocisource-test-registry");
                TestCertificateAuthority.WritePemFiles(serverCertificate, Path.Combine(workDirectory, "tls.crt"), Path.Combine(workDirectory, "tls.key"));
            }

            if (auth == RegistryAuth.HtpasswdTls)
            {
                credential = new NetworkCredential("ocisource", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
                var htpasswd = await tools.RunAsync(tools.Htpasswd, ["-Bbn", credential.UserName, credential.Password], cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(workDirectory, "htpasswd"), htpasswd.StandardOutput, cancellationToken);
            }
            else if (auth == RegistryAuth.Token)
            {
                tokenServer = await TokenServer.StartAsync(TokenServer.DefaultPublicPrefix, cancellationToken);
                tokenServer.WriteRootCertificateBundle(Path.Combine(workDirectory, "token-signer.crt"));
                credential = tokenServer.Credential;
            }

            var scheme = authority is null ? "http" : "https";
            var port = 0;
            using var probeCertificate = auth == RegistryAuth.MutualTls ? authority!.IssueClientCertificate("ocisource-test-probe", "ocisource") : null;
            using var probe = new HttpClient(authority?.CreateHandler(probeCertificate) ?? new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(2) };
            var process = await ManagedProcess.StartUntilReadyAsync(
                () =>
                {
                    port = FreePort.Next();
                    var config = Path.Combine(workDirectory, "config.yml");
                    File.WriteAllText(config, Configuration(workDirectory, port, auth, tokenServer));
                    return ManagedProcess.Start("registry", tools.Registry, ["serve", config], workDirectory);
                },
                async ct =>
                {
                    // Any HTTP answer (200 anonymous, 401 with authentication) means it is serving.
                    using var response = await probe.GetAsync(new Uri($"{scheme}://127.0.0.1:{port}/v2/"), ct);
                    return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized;
                },
                StartTimeout,
                cancellationToken);
            return new RegistryServer(workDirectory, process, port, auth, authority, credential, tokenServer);
        }
        catch
        {
            authority?.Dispose();
            if (tokenServer is not null)
            {
                await tokenServer.DisposeAsync();
            }

            TestEnvironment.DeleteWorkDirectory(workDirectory);
            throw;
        }
    }

    /// <summary>A client certificate (with key) the registry's CA signed; for <see cref="RegistryAuth.MutualTls"/>. The caller owns it.</summary>
    /// <exception cref="InvalidOperationException">The registry has no TLS.</exception>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 IssueClientCertificate(string commonName) =>
        (_authority ?? throw new InvalidOperationException("the registry has no TLS")).IssueClientCertificate(commonName, "ocisource-tests");

    /// <summary>An HTTP client for the registry that trusts its CA. It sends no credentials by itself.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A handler that trusts the registry's CA (a plain one without TLS); the caller owns it.</summary>
    public SocketsHttpHandler CreateHandler() => _authority?.CreateHandler() ?? new SocketsHttpHandler();

    /// <summary>Arguments that let oras reach this registry: <c>--plain-http</c> or the CA, and the credentials if any.</summary>
    public IReadOnlyList<string> OrasConnectionArguments() =>
    [
        .. UsesTls ? ["--ca-file", CaCertificatePath!] : (string[])["--plain-http"],
        .. Credential is null ? [] : (string[])["-u", Credential.UserName, "-p", Credential.Password],
    ];

    /// <summary>The tail of the registry's log, for failure messages.</summary>
    public string Log() => _process.Tail();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (TokenServer is not null)
        {
            await TokenServer.DisposeAsync();
        }

        _authority?.Dispose();
        TestEnvironment.DeleteWorkDirectory(_workDirectory);
    }

    private static string Configuration(string workDirectory, int port, RegistryAuth auth, TokenServer? tokenServer)
    {
        var yaml = string.Create(CultureInfo.InvariantCulture, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: {workDirectory}/data
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: ocisource-test-only
            """);
        yaml += auth switch
        {
            RegistryAuth.HtpasswdTls => $"""

                  tls:
                    certificate: {workDirectory}/tls.crt
                    key: {workDirectory}/tls.key
                auth:
                  htpasswd:
                    realm: ocisource-test
                    path: {workDirectory}/htpasswd
                """,
            RegistryAuth.MutualTls => $"""

                  tls:
                    certificate: {workDirectory}/tls.crt
                    key: {workDirectory}/tls.key
                    clientcas:
                      - {workDirectory}/ca.crt
                """,
            RegistryAuth.Token => $"""

                auth:
                  token:
                    realm: {tokenServer!.Realm}
                    service: {tokenServer.Service}
                    issuer: {tokenServer.Issuer}
                    rootcertbundle: {workDirectory}/token-signer.crt
                """,
            _ => string.Empty,
        };
        return yaml + "\n";
    }
}
