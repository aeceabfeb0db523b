using k8s;

namespace OciSource.Runtime.Hosting;

/// <summary>Where the Kubernetes API server is: the in-cluster service account, else a kubeconfig file.</summary>
public static class KubeApiConfiguration
{
    /// <summary>
    /// The in-cluster configuration inside a pod; otherwise the kubeconfig named by <c>KUBECONFIG</c> or
    /// <c>~/.kube/config</c>. Unlike <see cref="KubernetesClientConfiguration.BuildDefaultConfig"/> it never falls back to
    /// <c>http://localhost:8080</c> (an unrelated local port, often the controller's own metrics server).
    /// </summary>
    /// <exception cref="FlagException">Neither is available.</exception>
    public static KubernetesClientConfiguration Load()
    {
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var paths = Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } list
            ? list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")];
        return paths.Any(File.Exists)
            ? KubernetesClientConfiguration.BuildDefaultConfig()
            : throw new FlagException(
                $"no Kubernetes API server configured: not running in a pod (KUBERNETES_SERVICE_HOST is unset) and no kubeconfig at {string.Join(", ", paths)}; set KUBECONFIG");
    }
}
