using k8s;
using k8s.Models;

namespace OciSource.Testing.Kube;

/// <summary>
/// xunit collection fixture: a real Kubernetes API server with the project's CRDs from <c>crds/</c> installed.
/// Locally that is etcd + apiextensions-apiserver behind the <see cref="CoreApiFront"/>, with Lease and Event CRDs.
/// When <c>$OCISOURCE_TEST_KUBECONFIG</c> names a kubeconfig, that cluster is used instead and nothing is started.
/// </summary>
public sealed class KubeApiFixture : IAsyncLifetime
{
    private LocalControlPlane? _local;

    public Tools Tools { get; } = new();

    /// <summary>True when the tests run against the cluster named by <c>$OCISOURCE_TEST_KUBECONFIG</c>.</summary>
    public bool IsExternalCluster => _local is null;

    /// <summary>A kubeconfig file for kubectl and for controller processes under test.</summary>
    public string KubeconfigPath { get; private set; } = string.Empty;

    public KubernetesClientConfiguration Configuration { get; private set; } = null!;

    /// <summary>Processes the fixture started (none for an external cluster).</summary>
    public IReadOnlyList<int> ProcessIds => _local?.ProcessIds ?? [];

    public Kubernetes CreateClient() => new(Configuration);

    /// <summary>
    /// A fresh namespace name for one test. The local API server runs without namespace lifecycle, so the namespace
    /// needs no object there; on an external cluster it is created.
    /// </summary>
    public async Task<string> CreateNamespaceAsync(string prefix, CancellationToken cancellationToken)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 9)];
        if (IsExternalCluster)
        {
            using var client = CreateClient();
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken);
        }

        return name;
    }

    /// <summary>The local etcd's gateway, for fault injection.</summary>
    /// <exception cref="NotSupportedException">The tests run against an external cluster.</exception>
    public EtcdGateway Etcd => Local.Etcd;

    /// <summary>
    /// Kills the local API server (every open watch closes), runs <paramref name="whileStopped"/>, and starts it again
    /// at the same address; returns once custom resources are served again.
    /// </summary>
    /// <exception cref="NotSupportedException">The tests run against an external cluster.</exception>
    public Task RestartApiServerAsync(Func<CancellationToken, Task>? whileStopped, CancellationToken cancellationToken) =>
        Local.RestartApiServerAsync(whileStopped, cancellationToken);

    /// <summary>
    /// Pauses the local API server with SIGSTOP (connections are accepted, nothing answers) until the result is disposed
    /// (SIGCONT). Only the API server's own process id is signalled.
    /// </summary>
    /// <exception cref="NotSupportedException">The tests run against an external cluster.</exception>
    public Task<IAsyncDisposable> PauseApiServerAsync(CancellationToken cancellationToken) => Local.PauseApiServerAsync(cancellationToken);

    /// <summary>
    /// Makes the front answer every request for the core object <paramref name="resource"/>
    /// (<c>secrets</c>, <c>serviceaccounts</c>) <paramref name="name"/> in <paramref name="namespace"/> with the API
    /// server's 403 Forbidden Status, as RBAC does for a controller that may not read it.
    /// </summary>
    /// <exception cref="NotSupportedException">The tests run against an external cluster.</exception>
    public void ForbidCoreObject(string resource, string @namespace, string name) => Local.Front.Forbid(resource, @namespace, name);

    /// <summary>The local API server's ServiceAccount token issuer (TokenRequest API); local control plane only.</summary>
    public ServiceAccountTokenIssuer ServiceAccountTokens => Local.Front.ServiceAccountTokens;

    /// <summary>The tails of the local API server's and etcd's logs, for failure messages.</summary>
    public string Logs() => _local?.Logs() ?? "(external cluster: no local logs)";

    private LocalControlPlane Local => _local ?? throw new NotSupportedException("fault injection needs the local API server, not an external cluster");

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var external = Environment.GetEnvironmentVariable(TestEnvironment.ExternalKubeconfigVariable);
        if (string.IsNullOrEmpty(external))
        {
            _local = await LocalControlPlane.StartAsync(Tools, cancellationToken);
            KubeconfigPath = _local.KubeconfigPath;
        }
        else
        {
            KubeconfigPath = external;
        }

        Configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath).WithReflectionJson();
        using var client = CreateClient();
        var crds = IsExternalCluster ? CrdInstaller.ProjectCrds() : CrdInstaller.InfrastructureCrds().Concat(CrdInstaller.ProjectCrds());
        await CrdInstaller.InstallAsync(client, crds, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }

        Tools.Dispose();
    }
}
