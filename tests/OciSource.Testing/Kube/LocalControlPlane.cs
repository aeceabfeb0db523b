using System.Net;
using System.Security.Cryptography.X509Certificates;
using OciSource.Testing.Processes;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Kube;

/// <summary>
/// etcd, apiextensions-apiserver and the <see cref="CoreApiFront"/>, all on free loopback ports, with a private CA:
/// the API server's serving certificate and a <c>system:masters</c> client certificate come from it.
/// </summary>
internal sealed class LocalControlPlane : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _workDirectory;
    private readonly TestCertificateAuthority _authority;
    private readonly ManagedProcess _etcd;
    private readonly CoreApiFront _front;
    private readonly Tools _tools;
    private readonly int _etcdPort;
    private readonly int _apiPort;
    private ManagedProcess _apiServer;

    private LocalControlPlane(
        string workDirectory, TestCertificateAuthority authority, Tools tools, ManagedProcess etcd, int etcdPort, ManagedProcess apiServer, int apiPort, CoreApiFront front)
    {
        _workDirectory = workDirectory;
        _authority = authority;
        _tools = tools;
        _etcd = etcd;
        _etcdPort = etcdPort;
        _apiServer = apiServer;
        _apiPort = apiPort;
        _front = front;
        KubeconfigPath = Path.Combine(workDirectory, "kubeconfig");
        KubeconfigFile.WriteAnonymous(KubeconfigPath, front.Address);
        Etcd = new EtcdGateway(new Uri($"http://127.0.0.1:{etcdPort}"));
    }

    /// <summary>etcd's HTTP gateway (compaction, raw key deletes), for tests that need what no API call can do.</summary>
    public EtcdGateway Etcd { get; }

    /// <summary>A kubeconfig that reaches the API server through the front.</summary>
    public string KubeconfigPath { get; }

    public IReadOnlyList<int> ProcessIds => [_etcd.Id, _apiServer.Id];

    /// <exception cref="ProcessStartFailedException">etcd or the API server did not start; the message holds its log.</exception>
    public static async Task<LocalControlPlane> StartAsync(Tools tools, CancellationToken cancellationToken)
    {
        var work = TestEnvironment.CreateWorkDirectory("kubeapi");
        var authority = TestCertificateAuthority.Create("ocisource-test-kube-ca");
        ManagedProcess? etcd = null;
        ManagedProcess? apiServer = null;
        try
        {
            string File(string name) => Path.Combine(work, name);
            authority.WriteCertificate(File("ca.crt"));
            using (var serving = authority.IssueServerCertificate("apiextensions-apiserver"))
            {
                TestCertificateAuthority.WritePemFiles(serving, File("apiserver.crt"), File("apiserver.key"));
            }

            var admin = authority.IssueClientCertificate("ocisource-test-admin", "system:masters");
            TestCertificateAuthority.WritePemFiles(admin, File("admin.crt"), File("admin.key"));

            var etcdPort = 0;
            using var etcdProbe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            etcd = await ManagedProcess.StartUntilReadyAsync(
                () =>
                {
                    etcdPort = FreePort.Next();
                    var peerPort = FreePort.Next();
                    return ManagedProcess.Start("etcd", tools.Etcd, EtcdArguments(File("etcd"), etcdPort, peerPort), work);
                },
                async ct => (await etcdProbe.GetStringAsync(new Uri($"http://127.0.0.1:{etcdPort}/health"), ct)).Contains("\"true\"", StringComparison.Ordinal),
                StartTimeout,
                cancellationToken);

            var apiPort = 0;
            apiServer = await StartApiServerAsync(
                tools,
                work,
                authority,
                etcdPort,
                () =>
                {
                    apiPort = FreePort.Next();
                    return apiPort;
                },
                attempts: 3,
                cancellationToken);

            var front = await CoreApiFront.StartAsync(new Uri($"https://127.0.0.1:{apiPort}"), authority.CreateHandler(admin), cancellationToken);
            return new LocalControlPlane(work, authority, tools, etcd, etcdPort, apiServer, apiPort, front);
        }
        catch
        {
            if (apiServer is not null)
            {
                await apiServer.DisposeAsync();
            }

            if (etcd is not null)
            {
                await etcd.DisposeAsync();
            }

            authority.Dispose();
            TestEnvironment.DeleteWorkDirectory(work);
            throw;
        }
    }

    /// <summary>
    /// Kills the API server process (closing every watch), runs <paramref name="whileStopped"/>, and starts it again on
    /// the same port and etcd, so clients and the front reconnect to the same address. etcd keeps running.
    /// </summary>
    public async Task RestartApiServerAsync(Func<CancellationToken, Task>? whileStopped, CancellationToken cancellationToken)
    {
        await _apiServer.DisposeAsync();
        if (whileStopped is not null)
        {
            await whileStopped(cancellationToken);
        }

        // The port may linger briefly after the kill; a start that exits early is tried again on the same port.
        // Probe a custom resource path: the CRDs' own handlers must be serving again, not only the CRD API.
        _apiServer = await StartApiServerAsync(
            _tools, _workDirectory, _authority, _etcdPort, () => _apiPort, attempts: 5, cancellationToken, "/apis/coordination.k8s.io/v1/leases?limit=1");
    }

    /// <summary>
    /// Stops the API server process with SIGSTOP: it keeps its port and the kernel keeps accepting connections, but
    /// nothing answers (a server that drops packets rather than refusing them). Disposing the result sends SIGCONT and
    /// returns once custom resources are served again, so the next test starts on a working server.
    /// </summary>
    public async Task<IAsyncDisposable> PauseApiServerAsync(CancellationToken cancellationToken)
    {
        var pid = _apiServer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ProcessRunner.RunAsync("kill", ["-STOP", pid], TimeSpan.FromSeconds(30), cancellationToken);
        return new ResumeOnDispose(pid, WaitUntilServingAsync);
    }

    private async Task WaitUntilServingAsync()
    {
        string File(string name) => Path.Combine(_workDirectory, name);
        using var admin = X509Certificate2.CreateFromPemFile(File("admin.crt"), File("admin.key"));
        using var apiProbe = new HttpClient(_authority.CreateHandler(admin)) { Timeout = TimeSpan.FromSeconds(5) };
        await _apiServer.WaitUntilReadyAsync(
            async ct =>
            {
                using var response = await apiProbe.GetAsync(new Uri($"https://127.0.0.1:{_apiPort}/apis/coordination.k8s.io/v1/leases?limit=1"), ct);
                return response.StatusCode == HttpStatusCode.OK;
            },
            StartTimeout,
            CancellationToken.None);
    }

    /// <summary>The front, for fault injection on the core objects it serves.</summary>
    public CoreApiFront Front => _front;

    /// <summary>The tails of the etcd and API server logs, for failure messages.</summary>
    public string Logs() => $"{_apiServer.Tail()}\n{_etcd.Tail()}";

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        await _apiServer.DisposeAsync();
        await _etcd.DisposeAsync();
        _authority.Dispose();
        TestEnvironment.DeleteWorkDirectory(_workDirectory);
    }

    private static async Task<ManagedProcess> StartApiServerAsync(
        Tools tools, string work, TestCertificateAuthority authority, int etcdPort, Func<int> choosePort, int attempts, CancellationToken cancellationToken,
        string probePath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions?limit=1")
    {
        string File(string name) => Path.Combine(work, name);
        using var admin = X509Certificate2.CreateFromPemFile(File("admin.crt"), File("admin.key"));
        using var apiProbe = new HttpClient(authority.CreateHandler(admin)) { Timeout = TimeSpan.FromSeconds(5) };
        var apiPort = 0;
        return await ManagedProcess.StartUntilReadyAsync(
            () =>
            {
                apiPort = choosePort();
                KubeconfigFile.WriteWithClientCertificate(
                    File("self.kubeconfig"), new Uri($"https://127.0.0.1:{apiPort}"), File("ca.crt"), File("admin.crt"), File("admin.key"));
                return ManagedProcess.Start("apiextensions-apiserver", tools.ApiExtensionsApiServer, ApiServerArguments(work, etcdPort, apiPort), work);
            },
            async ct =>
            {
                // Not /readyz: it stays 503 here because the server's Service informer never syncs (no core group).
                using var response = await apiProbe.GetAsync(new Uri($"https://127.0.0.1:{apiPort}{probePath}"), ct);
                return response.StatusCode == HttpStatusCode.OK;
            },
            StartTimeout,
            cancellationToken,
            attempts);
    }

    private static string[] EtcdArguments(string dataDirectory, int clientPort, int peerPort) =>
    [
        "--name", "ocisource-test",
        "--data-dir", dataDirectory,
        "--listen-client-urls", $"http://127.0.0.1:{clientPort}",
        "--advertise-client-urls", $"http://127.0.0.1:{clientPort}",
        "--listen-peer-urls", $"http://127.0.0.1:{peerPort}",
        "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
        "--initial-cluster", $"ocisource-test=http://127.0.0.1:{peerPort}",
        "--unsafe-no-fsync",
        "--log-level", "warn",
    ];

    private static string[] ApiServerArguments(string work, int etcdPort, int apiPort) =>
    [
        "--etcd-servers", $"http://127.0.0.1:{etcdPort}",
        "--bind-address", "127.0.0.1",
        "--secure-port", apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--tls-cert-file", Path.Combine(work, "apiserver.crt"),
        "--tls-private-key-file", Path.Combine(work, "apiserver.key"),
        "--cert-dir", Path.Combine(work, "certs"),
        "--client-ca-file", Path.Combine(work, "ca.crt"),
        "--authentication-skip-lookup",
        "--authentication-kubeconfig", Path.Combine(work, "self.kubeconfig"),
        "--authorization-kubeconfig", Path.Combine(work, "self.kubeconfig"),
        "--kubeconfig", Path.Combine(work, "self.kubeconfig"),
        "--disable-admission-plugins",
        "NamespaceLifecycle,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy,MutatingAdmissionPolicy",
        "--enable-priority-and-fairness=false",
    ];
}
