using k8s;
using k8s.Autorest;
using OciSource.Api;
using OciSource.Testing;

namespace OciSource.E2E.Tests;

/// <summary>
/// The repository's Helm chart installed with <c>helm</c> into one namespace, the controller watching only that
/// namespace (so it cannot take objects from other tests sharing the cluster) and keeping artifacts in an emptyDir.
/// </summary>
internal sealed class ChartRelease(Tools tools, string kubeconfigPath, string ns)
{
    private const string ReleaseName = "oci-source-e2e";
    private static readonly TimeSpan HelmTimeout = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Installs the chart running <paramref name="image"/> (<c>repository:tag</c>) and waits for its Deployment. The
    /// chart installs the CRD only when the cluster has none, since a CRD belongs to one owner.
    /// </summary>
    public async Task InstallAsync(IKubernetes client, string image, CancellationToken cancellationToken)
    {
        var separator = image.LastIndexOf(':');
        if (separator <= image.LastIndexOf('/'))
        {
            throw new ArgumentException($"{E2ESettings.ImageVariable} must be repository:tag, not '{image}'", nameof(image));
        }

        var installCrd = !await CrdExistsAsync(client, cancellationToken);
        await tools.RunAsync(tools.Helm,
            [
                "upgrade", "--install", ReleaseName, E2ESettings.ChartDirectory, "--namespace", ns, "--create-namespace",
                "--kubeconfig", kubeconfigPath, "--wait", "--timeout", "5m",
                "--set", $"image.repository={image[..separator]}", "--set", $"image.tag={image[(separator + 1)..]}",
                "--set", $"crds.install={(installCrd ? "true" : "false")}",
                "--set", "controller.watchAllNamespaces=false", "--set", "persistence.enabled=false",
            ],
            cancellationToken, timeout: HelmTimeout);
    }

    /// <summary>Removes the release (the CRD stays, as the chart keeps it).</summary>
    public Task UninstallAsync(CancellationToken cancellationToken) =>
        tools.RunAsync(tools.Helm, ["uninstall", ReleaseName, "--namespace", ns, "--kubeconfig", kubeconfigPath, "--wait"],
            cancellationToken, timeout: HelmTimeout);

    private static async Task<bool> CrdExistsAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{SourceApi.Plural}.{SourceApi.Group}", cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
