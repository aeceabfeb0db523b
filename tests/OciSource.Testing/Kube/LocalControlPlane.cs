using System.Net;
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
    private readonly ManagedProcess _apiServer;
    private readonly CoreApiFront _front;

    private LocalControlPlane(string workDirectory, TestCertificateAuthority authority, ManagedProcess etcd, ManagedProcess apiServer, CoreApiFront front)
    {
        _workDirectory = workDirectory;
        _authority = authority;
        _etcd = etcd;
        _apiServer = apiServer;
        _front = front;
        KubeconfigPath = Path.Combine(workDirectory, "kubeconfig");
        KubeconfigFile.WriteAnonymous(KubeconfigPath, front.Address);
    }

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
            using var apiProbe = new HttpClient(authority.CreateHandler(admin)) { Timeout = TimeSpan.FromSeconds(5) };
            apiServer = await ManagedProcess.StartUntilReadyAsync(
                () =>
                {
                    apiPort = FreePort.Next();
                    KubeconfigFile.WriteWithClientCertificate(
                        File("self.kubeconfig"), new Uri($"https://127.0.0.1:{apiPort}"), File("ca.crt"), File("admin.crt"), File("admin.key"));
                    return ManagedProcess.Start("apiextensions-apiserver", tools.ApiExtensionsApiServer, ApiServerArguments(work, etcdPort, apiPort), work);
                },
                async ct =>
                {
                    // Not /readyz: it stays 503 here because the server's Service informer never syncs (no core group).
                    var crds = new Uri($"https://127.0.0.1:{apiPort}/apis/apiextensions.k8s.io/v1/customresourcedefinitions?limit=1");
                    using var response = await apiProbe.GetAsync(crds, ct);
                    return response.StatusCode == HttpStatusCode.OK;
                },
                StartTimeout,
                cancellationToken);

            var front = await CoreApiFront.StartAsync(new Uri($"https://127.0.0.1:{apiPort}"), authority.CreateHandler(admin), cancellationToken);
            return new LocalControlPlane(work, authority, etcd, apiServer, front);
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
