using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.E2E.Tests;

/// <summary>
/// The controller as the chart deploys it, in a complete cluster, against a public registry: the podinfo artifacts
/// of Flux's documentation on ghcr.io (a Kustomize bundle and a Helm chart).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OCIRepositoryClusterTests(ClusterFixture cluster)
{
    private const string Manifests = "oci://ghcr.io/stefanprodan/manifests/podinfo";
    private const string Chart = "oci://ghcr.io/stefanprodan/charts/podinfo";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task V1_ManifestsBySemver_BecomeReady_AndTheServedArchiveMatchesItsDigest()
    {
        var repositories = Repositories();
        await repositories.CreateAsync("manifests",
            new OCIRepositorySpec { Url = Manifests, Interval = "10m", Reference = new OCIRepositoryRef { SemVer = ">=6.0.0 <7.0.0" } }, Ct);

        var artifact = (await WaitReadyAsync(repositories, "manifests")).Status!.Artifact!;
        var bytes = await ArtifactDownload.GetAsync(cluster.Client, artifact.Url, Ct);

        Assert.Matches(@"^6\.\d+\.\d+@sha256:[0-9a-f]{64}$", artifact.Revision);
        Assert.Equal(artifact.Digest, ArtifactDownload.Sha256Digest(bytes));
        Assert.Equal(artifact.Size, bytes.LongLength);
        Assert.Contains("kustomization.yaml", await ArtifactDownload.FileNamesAsync(bytes, Ct));
    }

    [Fact]
    public async Task V1Beta2_HelmChartInCopyMode_BecomesReady_ReadsAsV1_AndServesTheChart()
    {
        var repositories = Repositories();
        await repositories.CreateV1Beta2Async("chart", new OCIRepositorySpec
        {
            Url = Chart,
            Interval = "10m",
            Reference = new OCIRepositoryRef { SemVer = ">=6.0.0 <7.0.0" },
            LayerSelector = new OCILayerSelector { MediaType = SourceApi.HelmChartLayerMediaType, Operation = "copy" },
        }, Ct);

        var ready = await WaitReadyAsync(repositories, "chart");
        var bytes = await ArtifactDownload.GetAsync(cluster.Client, ready.Status!.Artifact!.Url, Ct);

        Assert.Equal("copy", ready.Spec.LayerSelector?.Operation);
        Assert.Equal("copy", ready.Status.ObservedLayerSelector?.Operation);
        Assert.Equal(ready.Status.Artifact.Digest, ArtifactDownload.Sha256Digest(bytes));
        Assert.Contains("podinfo/Chart.yaml", await ArtifactDownload.FileNamesAsync(bytes, Ct));
    }

    [Fact]
    public async Task UrlWithATag_IsStalledWithUrlInvalid_AndStoresNothing()
    {
        var repositories = Repositories();
        await repositories.CreateAsync("tagged-url", new OCIRepositorySpec { Url = Manifests + ":6.0.0", Interval = "10m" }, Ct);

        var stalled = await repositories.WaitAsync("tagged-url",
            obj => OCIRepositories.Condition(obj, ConditionTypes.Stalled)?.Status == "True", ReadyTimeout, Ct);

        Assert.Equal(Reasons.UrlInvalid, OCIRepositories.Condition(stalled, ConditionTypes.Stalled)!.Reason);
        Assert.Equal("False", OCIRepositories.Condition(stalled, ConditionTypes.Ready)!.Status);
        Assert.Null(stalled.Status!.Artifact);
    }

    /// <summary>The namespace's objects; skips the test, with the fixture's reason, where there is no cluster.</summary>
    private OCIRepositories Repositories()
    {
        Assert.SkipWhen(cluster.SkipReason is not null, cluster.SkipReason ?? string.Empty);
        return new OCIRepositories(cluster.Client, cluster.Namespace);
    }

    private async Task<OCIRepository> WaitReadyAsync(OCIRepositories repositories, string name)
    {
        try
        {
            return await repositories.WaitAsync(name, OCIRepositories.IsReady, ReadyTimeout, Ct);
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\ncontroller logs:\n{await cluster.ControllerLogsAsync(Ct)}");
        }
    }
}
