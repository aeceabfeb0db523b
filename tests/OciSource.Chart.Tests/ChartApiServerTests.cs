using OciSource.Testing.Kube;
using OciSource.Testing.Processes;

namespace OciSource.Chart.Tests;

/// <summary>
/// The rendered manifests pass a real API server's validation (<c>kubectl apply --dry-run=server</c>). Locally that
/// server is apiextensions-apiserver behind the test front: it validates the CRD (the chart's copy, relabelled by the
/// template) but serves neither apps, rbac nor most of core/v1, so those kinds are reported as not served and skipped;
/// against a full cluster (<c>$OCISOURCE_TEST_KUBECONFIG</c>) every rendered object must pass.
/// </summary>
[Collection(KubeApiCollection.Name)]
public sealed class ChartApiServerTests(KubeApiFixture fixture) : IDisposable
{
    private readonly HelmChart _chart = new();

    [Fact]
    public async Task RenderedManifests_PassServerSideDryRun_WhereTheServerServesTheirKind()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("chart", ct);
        var rendered = await _chart.TemplateAsync(null, ns, ct);
        var applied = new List<string>();
        var notServed = new List<string>();

        foreach (var manifest in rendered.Manifests)
        {
            try
            {
                // The local front serves no /openapi/v2, so client-side schema validation is off there; the server
                // still validates (the CRD's structural schema above all).
                string[] validate = fixture.IsExternalCluster ? [] : ["--validate=false"];
                await fixture.Tools.RunAsync(
                    fixture.Tools.Kubectl, ["apply", "--dry-run=server", "--kubeconfig", fixture.KubeconfigPath, .. validate, "-f", "-"], ct, standardInput: manifest.Text);
                applied.Add($"{manifest.Kind}/{manifest.Name}");
            }
            catch (ToolFailedException e) when (e.Message.Contains("no matches for kind", StringComparison.Ordinal))
            {
                notServed.Add($"{manifest.Kind}/{manifest.Name}");
            }
        }

        TestContext.Current.SendDiagnosticMessage($"server dry run passed: {string.Join(", ", applied)}; kinds not served here: {string.Join(", ", notServed)}");
        Assert.Contains("CustomResourceDefinition/ocirepositories.source.toolkit.fluxcd.io", applied);
        if (fixture.IsExternalCluster)
        {
            Assert.Empty(notServed);
        }
    }

    public void Dispose() => _chart.Dispose();
}
