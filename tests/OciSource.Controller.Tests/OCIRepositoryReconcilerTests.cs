using System.Net;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

/// <summary>
/// The controller end to end: objects applied to the real API server, artifacts pushed to the real registry by oras
/// and helm, artifacts downloaded from the controller's own server and checked against <c>status.artifact.digest</c>.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed partial class OCIRepositoryReconcilerTests(KubeApiFixture kube, RegistryFixture registry) : IAsyncLifetime
{
    private const string FluxContent = "application/vnd.cncf.flux.content.v1.tar+gzip";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _work = TestEnvironment.CreateWorkDirectory("controller");
    private ControllerHost _controller = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RegistryServer Registry => registry.Server;

    public async ValueTask InitializeAsync() => _controller = await ControllerHost.StartAsync(kube, Ct);

    [Fact]
    public async Task TagRef_ExtractMode_StoresTheLayerAsServedArchiveWithFluxStatus()
    {
        var digest = await PushManifestsAsync("ctrl/app", "v1", new Dictionary<string, string> { ["deploy.yaml"] = "kind: ConfigMap\n", ["docs/README.md"] = "x" });

        await _controller.ApplyAsync("app", Spec("ctrl/app", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var obj = await _controller.WaitAsync("app", ControllerHost.IsReady, "Ready=True", Ct);

        var artifact = obj.Status!.Artifact!;
        Assert.Equal($"v1@{digest}", artifact.Revision);
        Assert.Equal($"ocirepository/{_controller.Namespace}/app/{digest}.tar.gz", artifact.Path);
        Assert.Equal($"stored artifact for digest 'v1@{digest}'", ControllerHost.Condition(obj, ConditionTypes.Ready)!.Message);
        Assert.Equal("True", ControllerHost.Condition(obj, ConditionTypes.ArtifactInStorage)!.Status);
        Assert.Null(ControllerHost.Condition(obj, ConditionTypes.Reconciling));
        Assert.Contains(SourceApi.Finalizer, obj.Metadata.Finalizers);
        var bytes = await Http.GetByteArrayAsync(new Uri(artifact.Url), Ct);
        Assert.Equal(artifact.Digest, ArtifactContent.Sha256(bytes));
        Assert.Equal(bytes.Length, artifact.Size);
        var files = await ArtifactContent.ReadTarGzAsync(bytes, Ct);
        Assert.Equal("kind: ConfigMap\n", files["deploy.yaml"]);
        Assert.Equal(artifact.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(obj.Status.Url!), Ct)));
    }

    [Fact]
    public async Task SemverWithHelmChart_CopyMode_StoresTheChartAsPushedByHelm()
    {
        await registry.Tools.RunAsync(registry.Tools.Helm, ["create", "demo"], Ct, workingDirectory: _work);
        foreach (var version in new[] { "1.0.0", "1.1.0+build.7", "2.0.0" })
        {
            await registry.Tools.RunAsync(registry.Tools.Helm, ["package", "demo", "--version", version], Ct, workingDirectory: _work);
            await registry.Tools.RunAsync(registry.Tools.Helm, ["push", $"demo-{version}.tgz", $"oci://{Registry.Host}/ctrl/charts", "--plain-http"], Ct, workingDirectory: _work);
        }

        var spec = Spec("ctrl/charts/demo", new OCIRepositoryRef { SemVer = "1.x" }) with
        {
            LayerSelector = new OCILayerSelector { MediaType = SourceApi.HelmChartLayerMediaType, Operation = "copy" },
        };
        await _controller.ApplyAsync("chart", spec, Ct);
        var obj = await _controller.WaitAsync("chart", ControllerHost.IsReady, "Ready=True", Ct);

        Assert.StartsWith("1.1.0_build.7@sha256:", obj.Status!.Artifact!.Revision, StringComparison.Ordinal);
        var served = await Http.GetByteArrayAsync(new Uri(obj.Status.Artifact.Url), Ct);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_work, "demo-1.1.0+build.7.tgz"), Ct), served);
        Assert.Equal(obj.Status.Artifact.Digest, ArtifactContent.Sha256(served));
        var downloaded = Path.Combine(_work, "downloaded.tgz");
        await File.WriteAllBytesAsync(downloaded, served, Ct);
        var rendered = await registry.Tools.RunAsync(registry.Tools.Helm, ["template", "release", downloaded], Ct, workingDirectory: _work);
        Assert.Contains("kind: Deployment", rendered.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("helm.sh/chart: demo-1.1.0_build.7", rendered.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestRef_PinsTheRevisionToTheDigest()
    {
        var first = await PushManifestsAsync("ctrl/pinned", "latest", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await PushManifestsAsync("ctrl/pinned", "latest", new Dictionary<string, string> { ["a.yaml"] = "two" });

        await _controller.ApplyAsync("pinned", Spec("ctrl/pinned", new OCIRepositoryRef { Digest = first, Tag = "latest" }), Ct);
        var obj = await _controller.WaitAsync("pinned", ControllerHost.IsReady, "Ready=True", Ct);

        Assert.Equal(first, obj.Status!.Artifact!.Revision);
        var files = await ArtifactContent.ReadTarGzAsync(await Http.GetByteArrayAsync(new Uri(obj.Status.Artifact.Url), Ct), Ct);
        Assert.Equal("one", files["a.yaml"]);
    }

    [Fact]
    public async Task NewTagPush_IsPickedUpAtTheNextIntervalAsANewArtifact()
    {
        await PushManifestsAsync("ctrl/moving", "stable", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await _controller.ApplyAsync("moving", Spec("ctrl/moving", new OCIRepositoryRef { Tag = "stable" }) with { Interval = "1s" }, Ct);
        var before = await _controller.WaitAsync("moving", ControllerHost.IsReady, "Ready=True", Ct);

        var second = await PushManifestsAsync("ctrl/moving", "stable", new Dictionary<string, string> { ["a.yaml"] = "two" });
        var after = await _controller.WaitAsync("moving", o => o.Status?.Artifact?.Revision == $"stable@{second}", "the new revision", Ct);

        Assert.NotEqual(before.Status!.Artifact!.Digest, after.Status!.Artifact!.Digest);
        var files = await ArtifactContent.ReadTarGzAsync(await Http.GetByteArrayAsync(new Uri(after.Status.Artifact.Url), Ct), Ct);
        Assert.Equal("two", files["a.yaml"]);
    }

    [Fact]
    public async Task TagInUrl_StallsWithUrlInvalid()
    {
        await _controller.ApplyAsync("badurl", Spec("ctrl/app:v1", null), Ct);

        var obj = await _controller.WaitAsync("badurl", o => ControllerHost.Condition(o, ConditionTypes.Stalled)?.Status == "True", "Stalled=True", Ct);

        var ready = ControllerHost.Condition(obj, ConditionTypes.Ready)!;
        Assert.Equal(("False", Reasons.UrlInvalid), (ready.Status, ready.Reason));
        Assert.Equal($"URL validation failed for 'oci://{Registry.Host}/ctrl/app:v1': URL must not contain a tag; remove ':v1'", ready.Message);
        Assert.Equal(Reasons.UrlInvalid, ControllerHost.Condition(obj, ConditionTypes.FetchFailed)!.Reason);
        Assert.Equal(obj.Metadata.Generation, obj.Status!.ObservedGeneration);
    }

    [Fact]
    public async Task MissingSecret_FailsWithAuthenticationFailedAndRetries()
    {
        await PushManifestsAsync("ctrl/private", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });

        await _controller.ApplyAsync("nosecret", Spec("ctrl/private", null) with { SecretRef = new LocalObjectReference { Name = "absent" } }, Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(_controller, "nosecret");

        Assert.Equal(Reasons.AuthenticationFailed, failed.Reason);
        Assert.Equal($"failed to get credential: failed to get secret '{_controller.Namespace}/absent': secrets \"absent\" not found", failed.Message);
        Assert.Equal(Reasons.ProgressingWithRetry, ControllerHost.Condition(obj, ConditionTypes.Reconciling)!.Reason);
        Assert.Equal("False", ControllerHost.Condition(obj, ConditionTypes.Ready)!.Status);
        // Flux's Trace event shares the reason: the Warning is the one carrying the condition's message.
        var warning = await WaitForEventNoteAsync("nosecret", failed.Message);
        Assert.Equal(("Warning", Reasons.AuthenticationFailed), (warning.Type, warning.Reason));
    }

    [Fact]
    public async Task Deletion_RemovesTheStoredArtifactsAndTheFinalizer()
    {
        await PushManifestsAsync("ctrl/deleted", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await _controller.ApplyAsync("deleted", Spec("ctrl/deleted", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var obj = await _controller.WaitAsync("deleted", ControllerHost.IsReady, "Ready=True", Ct);
        var directory = Path.Combine(_controller.StoreRoot, "ocirepository", _controller.Namespace, "deleted");
        Assert.True(Directory.Exists(directory));

        await _controller.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SourceApi.Group, OCIRepository.Version, _controller.Namespace, SourceApi.Plural, "deleted", cancellationToken: Ct);

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && await ExistsAsync("deleted"))
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(await ExistsAsync("deleted"));
        Assert.False(Directory.Exists(directory));
        using var response = await Http.GetAsync(new Uri(obj.Status!.Artifact!.Url), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _controller.DisposeAsync();
        TestEnvironment.DeleteWorkDirectory(_work);
    }


    private OCIRepositorySpec Spec(string repository, OCIRepositoryRef? reference) =>
        new() { Url = $"oci://{Registry.Host}/{repository}", Interval = "10m", Reference = reference };

    private async Task<bool> ExistsAsync(string name)
    {
        try
        {
            await _controller.GetAsync(name, Ct);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Pushes a Flux-style manifests bundle (one gzipped tar layer) with oras; returns the manifest digest.</summary>
    private async Task<string> PushManifestsAsync(string repository, string tag, IReadOnlyDictionary<string, string> files)
    {
        var layer = Path.Combine(_work, $"{Guid.NewGuid():N}.tar.gz");
        await ArtifactContent.WriteTarGzAsync(layer, files, Ct);
        return await PushLayerAsync(repository, tag, layer);
    }

    /// <summary>Pushes <paramref name="layer"/> (a file in the work directory) as a Flux content layer with oras; returns the manifest digest.</summary>
    private async Task<string> PushLayerAsync(string repository, string tag, string layer)
    {
        var push = await registry.Tools.RunAsync(
            registry.Tools.Oras,
            ["push", $"{Registry.Host}/{repository}:{tag}", $"{Path.GetFileName(layer)}:{FluxContent}", "--plain-http"],
            Ct,
            workingDirectory: _work);
        return DigestLine().Match(push.StandardOutput).Groups[1].Value;
    }

    /// <summary>Waits until <paramref name="name"/> has a FetchFailed condition; returns the object and that condition.</summary>
    private static async Task<(OCIRepository Object, V1Condition FetchFailed)> WaitForFetchFailedAsync(ControllerHost host, string name)
    {
        var obj = await host.WaitAsync(name, o => ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, "FetchFailed", Ct);
        return (obj, ControllerHost.Condition(obj, ConditionTypes.FetchFailed)!);
    }

    [GeneratedRegex(@"Digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
