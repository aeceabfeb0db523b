namespace OciSource.Chart.Tests;

/// <summary>
/// Issue 13 point 14: <c>helm upgrade</c> must not deadlock. The readiness probe is a TCP check of the artifact port,
/// which the controller opens only while it holds the Lease (the artifact server is a leader-only runnable), so a
/// replica that has not won the election is never Ready. A RollingUpdate waits for the new pod to become Ready while
/// the old pod keeps the Lease: it never finishes. So whenever readiness is leader-only the Deployment recreates.
/// </summary>
public sealed class ChartUpgradeTests : IDisposable
{
    private readonly HelmChart _chart = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData("persistence:\n  enabled: false\n")]
    [InlineData("replicaCount: 2\npersistence:\n  enabled: false\n")]
    [InlineData("replicaCount: 2\npersistence:\n  accessModes: [ReadWriteMany]\n")]
    [InlineData("persistence:\n  existingClaim: shared-artifacts\n  accessModes: [ReadWriteMany]\n")]
    public async Task LeaderOnlyReadiness_AlwaysRendersRecreate(string values)
    {
        var rendered = await _chart.TemplateAsync(values, Ct);

        AssertReadinessIsLeaderOnly(rendered);
        Assert.Equal("Recreate", rendered.Deployment.Scalar("spec", "strategy", "type"));
        Assert.Null(rendered.Deployment.Find("spec", "strategy", "rollingUpdate"));
    }

    [Fact]
    public async Task RollingUpdateWithLeaderOnlyReadiness_IsRefused()
    {
        var error = await _chart.TemplateFailureAsync(
            "persistence:\n  enabled: false\nupdateStrategy:\n  type: RollingUpdate\n", Ct);

        Assert.Contains("updateStrategy RollingUpdate never completes while readiness is leader-only", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollingUpdateWithReadinessEveryReplicaPasses_IsRendered()
    {
        var rendered = await _chart.TemplateAsync(
            "persistence:\n  enabled: false\nupdateStrategy:\n  type: RollingUpdate\nreadinessProbe:\n  tcpSocket: null\n  httpGet:\n    path: /readyz\n    port: health\n", Ct);

        Assert.Equal("RollingUpdate", rendered.Deployment.Scalar("spec", "strategy", "type"));
        Assert.Equal("/readyz", rendered.Deployment.Scalar("spec", "template", "spec", "containers", "0", "readinessProbe", "httpGet", "path"));
        Assert.Null(rendered.Deployment.Find("spec", "template", "spec", "containers", "0", "readinessProbe", "tcpSocket"));
    }

    public void Dispose() => _chart.Dispose();

    /// <summary>The readiness probe connects to the container port the controller's artifact server binds (leader only).</summary>
    private static void AssertReadinessIsLeaderOnly(RenderedChart rendered)
    {
        var container = new[] { "spec", "template", "spec", "containers", "0" };
        var probePort = rendered.Deployment.Scalar([.. container, "readinessProbe", "tcpSocket", "port"]);
        var port = Assert.Single(rendered.Deployment.Sequence([.. container, "ports"]), p => Manifest.Scalar(p, "name") == probePort);
        var storageAddr = Assert.Single(rendered.ContainerArgs, a => a.StartsWith("--storage-addr=", StringComparison.Ordinal));
        Assert.Equal($"--storage-addr=:{Manifest.Scalar(port, "containerPort")}", storageAddr);
    }
}
