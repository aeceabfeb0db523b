using YamlDotNet.RepresentationModel;

namespace OciSource.Chart.Tests;

/// <summary>
/// The artifact store: a ReadWriteOnce claim by default (one replica), an existing claim instead of a created one, a
/// storage class, or an emptyDir. The Deployment recreates with every store (readiness is leader-only: ChartUpgradeTests).
/// </summary>
public sealed class ChartStorageTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Fact]
    public async Task Defaults_Store_IsAReadWriteOnceClaimAndTheDeploymentRecreates()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var claim = rendered.One("PersistentVolumeClaim");

        Assert.Equal(["ReadWriteOnce"], claim.Strings("spec", "accessModes"));
        Assert.Equal("8Gi", claim.Scalar("spec", "resources", "requests", "storage"));
        Assert.Null(claim.Find("spec", "storageClassName"));
        Assert.Equal(claim.Name, Manifest.Scalar(DataVolume(rendered), "persistentVolumeClaim", "claimName"));
        Assert.Equal("Recreate", rendered.Deployment.Scalar("spec", "strategy", "type"));
        Assert.Equal("1", rendered.Deployment.Scalar("spec", "replicas"));
    }

    [Fact]
    public async Task ExistingClaim_RendersNoClaimAndMountsTheGivenOne()
    {
        var rendered = await _chart.TemplateAsync("persistence:\n  existingClaim: shared-artifacts\n", TestContext.Current.CancellationToken);

        Assert.Empty(rendered.OfKind("PersistentVolumeClaim"));
        Assert.Equal("shared-artifacts", Manifest.Scalar(DataVolume(rendered), "persistentVolumeClaim", "claimName"));
        Assert.Equal("Recreate", rendered.Deployment.Scalar("spec", "strategy", "type"));
    }

    [Theory]
    [InlineData("fast-ssd", "fast-ssd")]
    [InlineData("-", "")]
    public async Task StorageClassAndSize_ReachTheClaim(string storageClass, string expected)
    {
        var rendered = await _chart.TemplateAsync(
            $"persistence:\n  storageClass: \"{storageClass}\"\n  size: 20Gi\n", TestContext.Current.CancellationToken);

        var claim = rendered.One("PersistentVolumeClaim");

        Assert.Equal(expected, claim.Scalar("spec", "storageClassName"));
        Assert.Equal("20Gi", claim.Scalar("spec", "resources", "requests", "storage"));
    }

    [Fact]
    public async Task PersistenceDisabled_StoreIsAnEmptyDirAndTheDeploymentRecreates()
    {
        var rendered = await _chart.TemplateAsync("persistence:\n  enabled: false\n", TestContext.Current.CancellationToken);

        Assert.Empty(rendered.OfKind("PersistentVolumeClaim"));
        Assert.Equal("8Gi", Manifest.Scalar(DataVolume(rendered), "emptyDir", "sizeLimit"));
        Assert.Equal("Recreate", rendered.Deployment.Scalar("spec", "strategy", "type"));
    }

    [Fact]
    public async Task TwoReplicas_OnAReadWriteOnceClaim_AreRefused()
    {
        var error = await _chart.TemplateFailureAsync("replicaCount: 2\n", TestContext.Current.CancellationToken);

        Assert.Contains("replicaCount above 1 needs a store every replica can mount", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoReplicas_WithoutLeaderElection_AreRefused()
    {
        var error = await _chart.TemplateFailureAsync(
            "replicaCount: 2\nleaderElection:\n  enabled: false\npersistence:\n  enabled: false\n", TestContext.Current.CancellationToken);

        Assert.Contains("replicaCount above 1 needs leaderElection.enabled", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoReplicas_OnAReadWriteManyClaim_RecreateWithLeaderElection()
    {
        var rendered = await _chart.TemplateAsync(
            "replicaCount: 2\npersistence:\n  accessModes: [ReadWriteMany]\n", TestContext.Current.CancellationToken);

        Assert.Equal("2", rendered.Deployment.Scalar("spec", "replicas"));
        Assert.Equal("Recreate", rendered.Deployment.Scalar("spec", "strategy", "type"));
        Assert.Contains("--enable-leader-election=true", rendered.ContainerArgs);
    }

    public void Dispose() => _chart.Dispose();

    private static YamlNode DataVolume(RenderedChart rendered) =>
        Assert.Single(rendered.Deployment.Sequence("spec", "template", "spec", "volumes"), v => Manifest.Scalar(v, "name") == "data");
}
