namespace OciSource.Chart.Tests;

/// <summary>
/// The OCIRepository CRD comes from <c>files/</c> in the chart, a copy of the repository's <c>crds/</c> file (a copy
/// rather than a symbolic link: <c>helm package</c> and checkouts without symlink support would break or warn).
/// These tests keep the two equal and check that <c>crds.install</c> switches the CRD.
/// </summary>
public sealed class ChartCrdTests : IDisposable
{
    private const string CrdFile = "source.toolkit.fluxcd.io_ocirepositories.yaml";

    private readonly HelmChart _chart = new();

    private static string RepositoryCrd => Path.Combine(Testing.TestEnvironment.RepositoryRoot, "crds", CrdFile);

    private static string ChartCrd => Path.Combine(HelmChart.Directory, "files", CrdFile);

    [Fact]
    public async Task ChartCopy_IsByteForByteTheRepositoryCrd()
    {
        var ct = TestContext.Current.CancellationToken;

        var repository = await File.ReadAllBytesAsync(RepositoryCrd, ct);
        var copy = await File.ReadAllBytesAsync(ChartCrd, ct);

        Assert.True(repository.AsSpan().SequenceEqual(copy), $"{ChartCrd} differs from {RepositoryCrd}: copy it again (cp {RepositoryCrd} {ChartCrd}).");
    }

    [Fact]
    public async Task Defaults_Crd_IsTheRepositoryCrdKeptOnUninstall()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var crd = rendered.One("CustomResourceDefinition");

        var source = Assert.Single(RenderedChart.Parse(await File.ReadAllTextAsync(RepositoryCrd, TestContext.Current.CancellationToken)).Manifests);
        Assert.Equal(source.Name, crd.Name);
        Assert.Equal(YamlCanonical.Of(source.Node("spec")), YamlCanonical.Of(crd.Node("spec")));
        Assert.Equal("keep", crd.Scalar("metadata", "annotations", "helm.sh/resource-policy"));
        foreach (var (key, value) in source.Mapping("metadata", "annotations").Children)
        {
            Assert.Equal(Manifest.Scalar(value), crd.Scalar("metadata", "annotations", Manifest.Scalar(key)));
        }
    }

    [Fact]
    public async Task CrdsKeepFalse_Crd_HasNoResourcePolicy()
    {
        var rendered = await _chart.TemplateAsync("crds:\n  keep: false\n  annotations:\n    example.com/owner: platform\n", TestContext.Current.CancellationToken);

        var crd = rendered.One("CustomResourceDefinition");

        Assert.Null(crd.Find("metadata", "annotations", "helm.sh/resource-policy"));
        Assert.Equal("platform", crd.Scalar("metadata", "annotations", "example.com/owner"));
    }

    [Fact]
    public async Task CrdsInstallFalse_RendersNoCrd()
    {
        var rendered = await _chart.TemplateAsync("crds:\n  install: false\n", TestContext.Current.CancellationToken);

        Assert.Empty(rendered.OfKind("CustomResourceDefinition"));
        Assert.Single(rendered.OfKind("Deployment"));
    }

    public void Dispose() => _chart.Dispose();
}
