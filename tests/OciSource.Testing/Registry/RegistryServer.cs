using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using OciSource.Testing.Processes;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Registry;

/// <summary>
/// A CNCF distribution registry (Debian's <c>docker-registry</c>) on a free port of 127.0.0.1, with filesystem
/// storage in a private directory and deletes enabled. Optionally TLS (certificate from a private CA) and htpasswd
/// basic authentication with a random password.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _workDirectory;
    private readonly ManagedProcess _process;
    private readonly TestCertificateAuthority? _authority;

    private RegistryServer(string workDirectory, ManagedProcess process, int port, TestCertificateAuthority? authority, NetworkCredential? credential)
    {
        _workDirectory = workDirectory;
        _process = process;
        _authority = authority;
        Port = port;
        Credential = credential;
        CaCertificatePath = authority is null ? null : Path.Combine(workDirectory, "ca.crt");
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the registry part of a reference.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public bool UsesTls => _authority is not null;

    public Uri BaseAddress => new($"{(UsesTls ? "https" : "http")}://{Host}/");

    /// <summary>The htpasswd user and password; null for an anonymous registry.</summary>
    public NetworkCredential? Credential { get; }

    /// <summary>PEM file of the CA that signed the registry's certificate; null without TLS.</summary>
    public string? CaCertificatePath { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the registry and waits until <c>/v2/</c> answers.</summary>
    /// <exception cref="ProcessStartFailedException">It did not start; the message holds its log.</exception>
    public static async Task<RegistryServer> StartAsync(Tools tools, bool secure, CancellationToken cancellationToken)
    {
        var workDirectory = TestEnvironment.CreateWorkDirectory(secure ? "registry-secure" : "registry");
        TestCertificateAuthority? authority = null;
        NetworkCredential? credential = null;
        try
        {
            if (secure)
            {
                authority = TestCertificateAuthority.Create("ocisource-test-registry-ca");
                authority.WriteCertificate(Path.Combine(workDirectory, "ca.crt"));
                using var serverCertificate = authority.IssueServerCertificate("ocisource-test-registry");
                TestCertificateAuthority.WritePemFiles(serverCertificate, Path.Combine(workDirectory, "tls.crt"), Path.Combine(workDirectory, "tls.key"));
                credential = new NetworkCredential("ocisource", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
                var htpasswd = await tools.RunAsync(tools.Htpasswd, ["-Bbn", credential.UserName, credential.Password], cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(workDirectory, "htpasswd"), htpasswd.StandardOutput, cancellationToken);
            }

            var port = 0;
            using var probe = new HttpClient(authority?.CreateHandler() ?? new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(2) };
            var process = await ManagedProcess.StartUntilReadyAsync(
                () =>
                {
                    port = FreePort.Next();
                    var config = Path.Combine(workDirectory, "config.yml");
                    File.WriteAllText(config, Configuration(workDirectory, port, secure));
                    return ManagedProcess.Start("registry", tools.Registry, ["serve", config], workDirectory);
                },
                async ct =>
                {
                    // Any HTTP answer (200 anonymous, 401 with htpasswd) means it is serving.
                    using var response = await probe.GetAsync(new Uri($"{(secure ? "https" : "http")}://127.0.0.1:{port}/v2/"), ct);
                    return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized;
                },
                StartTimeout,
                cancellationToken);
            return new RegistryServer(workDirectory, process, port, authority, credential);
        }
        catch
        {
            authority?.Dispose();
            TestEnvironment.DeleteWorkDirectory(workDirectory);
            throw;
        }
    }

    /// <summary>An HTTP client for the registry that trusts its CA. It sends no credentials by itself.</summary>
    public HttpClient CreateHttpClient() =>
        new(_authority?.CreateHandler() ?? new SocketsHttpHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Arguments that let oras reach this registry (<c>--plain-http</c>, or the CA and the credentials).</summary>
    public IReadOnlyList<string> OrasConnectionArguments() =>
        UsesTls
            ? ["--ca-file", CaCertificatePath!, "-u", Credential!.UserName, "-p", Credential.Password]
            : ["--plain-http"];

    /// <summary>The tail of the registry's log, for failure messages.</summary>
    public string Log() => _process.Tail();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _authority?.Dispose();
        TestEnvironment.DeleteWorkDirectory(_workDirectory);
    }

    private static string Configuration(string workDirectory, int port, bool secure)
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
        if (secure)
        {
            yaml += $"""

                  tls:
                    certificate: {workDirectory}/tls.crt
                    key: {workDirectory}/tls.key
                auth:
                  htpasswd:
                    realm: ocisource-test
                    path: {workDirectory}/htpasswd
                """;
        }

        return yaml + "\n";
    }
}
