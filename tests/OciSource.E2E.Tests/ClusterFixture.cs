using DotNet.Testcontainers.Images;
using k8s;
using k8s.Models;
using OciSource.Testing;
using OciSource.Testing.Kube;

namespace OciSource.E2E.Tests;

/// <summary>
/// A complete Kubernetes cluster with the chart installed: the one <c>OCISOURCE_TEST_KUBECONFIG</c> names, else K3s
/// in Docker (the controller image imported into it). Where neither is possible, <see cref="SkipReason"/> says why
/// and the tests skip, unless <c>OCISOURCE_E2E_REQUIRED</c> is set, which makes that an error.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private DockerEngine? _docker;
    private K3sCluster? _k3s;
    private IFutureDockerImage? _builtImage;
    private Tools? _tools;
    private ChartRelease? _release;
    private Kubernetes? _client;

    /// <summary>Why there is no cluster; null when there is one.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>A client of the cluster (the kubeconfig's identity).</summary>
    public Kubernetes Client => _client ?? throw new InvalidOperationException(SkipReason ?? "the cluster is not started");

    /// <summary>The namespace the chart is released into; the controller watches only it, the tests create their objects in it.</summary>
    public string Namespace { get; } = $"ocisource-e2e-{Guid.NewGuid():N}"[..22];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        string kubeconfigPath;
        string image;
        if (E2ESettings.ExternalKubeconfig is { } external)
        {
            kubeconfigPath = external;
            image = E2ESettings.Image ?? throw new InvalidOperationException(
                $"{TestEnvironment.ExternalKubeconfigVariable} is set: set {E2ESettings.ImageVariable} to a controller image (repository:tag) that cluster can run");
        }
        else
        {
            var why = await WhyNoK3sAsync(cancellationToken);
            if (why is not null)
            {
                SkipReason = $"no Docker engine that can pull {E2ESettings.K3sImage}: {why} (set {TestEnvironment.ExternalKubeconfigVariable} to use an existing cluster)";
                return;
            }

            _k3s = await K3sCluster.StartAsync(cancellationToken);
            kubeconfigPath = _k3s.KubeconfigPath;
            if (E2ESettings.Image is { } given)
            {
                image = given;
            }
            else
            {
                _builtImage = await ControllerImage.BuildAsync(cancellationToken);
                image = _builtImage.FullName;
            }

            await _k3s.ImportImageAsync(_docker!, image, cancellationToken);
        }

        _client = new Kubernetes((await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(new FileInfo(kubeconfigPath))).WithReflectionJson());
        _tools = new Tools();
        _release = new ChartRelease(_tools, kubeconfigPath, Namespace);
        await _release.InstallAsync(_client, image, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_k3s is null && _release is not null && _client is not null)
        {
            // An existing cluster outlives the tests: remove the objects while the controller can still drop its
            // finalizers, then the release and the namespace.
            await new OCIRepositories(_client, Namespace).DeleteAllAsync(CancellationToken.None);
            await _release.UninstallAsync(CancellationToken.None);
            await _client.CoreV1.DeleteNamespaceAsync(Namespace);
        }

        _client?.Dispose();
        _tools?.Dispose();
        if (_k3s is not null)
        {
            await _k3s.DisposeAsync();
        }

        if (_builtImage is not null)
        {
            await _builtImage.DisposeAsync();
        }

        _docker?.Dispose();
    }

    /// <summary>Logs of the controller's pods (last lines), for failure messages.</summary>
    public async Task<string> ControllerLogsAsync(CancellationToken cancellationToken)
    {
        var logs = new List<string>();
        foreach (var pod in (await Client.CoreV1.ListNamespacedPodAsync(Namespace, cancellationToken: cancellationToken)).Items)
        {
            using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod.Name(), Namespace, tailLines: 100, cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream);
            logs.Add($"--- {pod.Name()} ---\n{await reader.ReadToEndAsync(cancellationToken)}");
        }

        return string.Join('\n', logs);
    }

    /// <summary>Null when K3s can run here (Docker answers and has or pulls its image); otherwise why not.</summary>
    private async Task<string?> WhyNoK3sAsync(CancellationToken cancellationToken)
    {
        (_docker, var why) = await DockerEngine.FindAsync(cancellationToken);
        why ??= await _docker!.WhyImageIsUnavailableAsync(E2ESettings.K3sImage, cancellationToken);
        if (why is not null && E2ESettings.Required)
        {
            throw new InvalidOperationException($"{E2ESettings.RequiredVariable} is set, but there is no cluster: {why}");
        }

        return why;
    }
}
