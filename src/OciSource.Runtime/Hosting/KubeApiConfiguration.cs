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
    /// <remarks>The configuration's JSON can write back what it reads (<see cref="WithRuntimeJson"/>).</remarks>
    /// <exception cref="FlagException">Neither is available.</exception>
    public static KubernetesClientConfiguration Load()
    {
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig().WithRuntimeJson();
        }

        var paths = Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } list
            ? list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")];
        return paths.Any(File.Exists)
            ? KubernetesClientConfiguration.BuildDefaultConfig().WithRuntimeJson()
            : throw new FlagException(
                $"no Kubernetes API server configured: not running in a pod (KUBERNETES_SERVICE_HOST is unset) and no kubeconfig at {string.Join(", ", paths)}; set KUBECONFIG");
    }

    /// <summary>
    /// Lets clients built from <paramref name="configuration"/> write back objects they read (see
    /// <see cref="RuntimeJsonContext"/>); without it a Lease renewal fails once the Lease has managedFields.
    /// </summary>
    public static KubernetesClientConfiguration WithRuntimeJson(this KubernetesClientConfiguration configuration)
    {
        configuration.AddJsonOptions(options => options.TypeInfoResolverChain.Add(RuntimeJsonContext.Default));
        return configuration;
    }
}
