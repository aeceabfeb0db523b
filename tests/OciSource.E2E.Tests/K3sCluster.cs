using OciSource.Testing;
using Testcontainers.K3s;

namespace OciSource.E2E.Tests;

/// <summary>A single-node K3s cluster in a Docker container (Testcontainers), with a kubeconfig file for it.</summary>
internal sealed class K3sCluster : IAsyncDisposable
{
    private readonly K3sContainer _container;
    private readonly string _workDirectory;

    private K3sCluster(K3sContainer container, string workDirectory, string kubeconfigPath)
    {
        _container = container;
        _workDirectory = workDirectory;
        KubeconfigPath = kubeconfigPath;
    }

    /// <summary>A kubeconfig reaching the API server through the container's mapped port.</summary>
    public string KubeconfigPath { get; }

    /// <summary>Starts K3s (the image must be available, see <see cref="DockerEngine.WhyImageIsUnavailableAsync"/>).</summary>
    public static async Task<K3sCluster> StartAsync(CancellationToken cancellationToken)
    {
        var container = new K3sBuilder(E2ESettings.K3sImage).Build();
        await container.StartAsync(cancellationToken);
        var workDirectory = TestEnvironment.CreateWorkDirectory("k3s");
        var kubeconfigPath = Path.Combine(workDirectory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfigPath, await container.GetKubeconfigAsync(), cancellationToken);
        return new K3sCluster(container, workDirectory, kubeconfigPath);
    }

    /// <summary>Copies an image from the Docker engine into K3s's containerd, so pods run it without pulling.</summary>
    /// <exception cref="InvalidOperationException">containerd did not import it.</exception>
    public async Task ImportImageAsync(DockerEngine engine, string image, CancellationToken cancellationToken)
    {
        var archive = new FileInfo(Path.Combine(_workDirectory, "controller-image.tar"));
        await engine.SaveAsync(image, archive.FullName, cancellationToken);
        await _container.CopyAsync(archive, "/tmp", ct: cancellationToken);
        var result = await _container.ExecAsync(["k3s", "ctr", "images", "import", "/tmp/" + archive.Name], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"k3s ctr images import {image} exited with {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        }

        archive.Delete();
    }

    public async ValueTask DisposeAsync()
    {
        await _container.DisposeAsync();
        TestEnvironment.DeleteWorkDirectory(_workDirectory);
    }
}
