using OciSource.Testing;

namespace OciSource.E2E.Tests;

/// <summary>What the full-cluster tests run against, from the environment.</summary>
public static class E2ESettings
{
    /// <summary>The K3s image started when no existing cluster is named.</summary>
    public const string K3sImage = "rancher/k3s:v1.31.2-k3s1";

    /// <summary>
    /// Names the controller image (<c>repository:tag</c>). With K3s it must be in the local Docker engine (it is
    /// imported into K3s); with <see cref="TestEnvironment.ExternalKubeconfigVariable"/> the cluster must be able to run
    /// it. Unset with K3s: the image is built from the repository's Dockerfile.
    /// </summary>
    public const string ImageVariable = "OCISOURCE_E2E_IMAGE";

    /// <summary>Any value but empty or <c>false</c>: a missing cluster fails the tests instead of skipping them (CI).</summary>
    public const string RequiredVariable = "OCISOURCE_E2E_REQUIRED";

    public static string? ExternalKubeconfig => Value(TestEnvironment.ExternalKubeconfigVariable);

    public static string? Image => Value(ImageVariable);

    public static bool Required => Value(RequiredVariable) is { } value && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Helm chart under test.</summary>
    public static string ChartDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "charts", "oci-source-controller");

    private static string? Value(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
