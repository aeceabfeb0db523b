using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    private static readonly string[] FluxProgress = ["--progress-status-delay=0s"];

    [Fact]
    public async Task NewObject_WithFluxProgress_ShowsReconcilingProgressBeforeTheResult()
    {
        await using var flux = await ControllerHost.StartAsync(kube, Ct, FluxProgress);
        await PushManifestsAsync("ctrl/progress", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var watch = await StatusWatch.StartAsync(flux, Ct);

        await flux.ApplyAsync("progress", Spec("ctrl/progress", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var ready = await flux.WaitAsync("progress", ControllerHost.IsReady, "Ready=True", Ct);

        var reconciling = watch.Conditions("progress", ConditionTypes.Reconciling);
        Assert.Contains("True Progressing: processing object: new generation -1 -> 1", reconciling);
        Assert.Contains("True Progressing: building artifact", reconciling);
        Assert.Contains($"True Progressing: building artifact: new revision '{ready.Status!.Artifact!.Revision}' for '{Registry.Host}/ctrl/progress:v1'", reconciling);
        Assert.DoesNotContain(watch.Seen("progress"), o => ControllerHost.Condition(o, ConditionTypes.ArtifactOutdated) is not null);
    }

    [Fact]
    public async Task NewRevision_WithFluxProgress_IsShownAsArtifactOutdatedBeforeTheNewArtifactReplacesTheOld()
    {
        await using var flux = await ControllerHost.StartAsync(kube, Ct, FluxProgress);
        await PushManifestsAsync("ctrl/outdated", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await flux.ApplyAsync("outdated", Spec("ctrl/outdated", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var before = await flux.WaitAsync("outdated", ControllerHost.IsReady, "Ready=True", Ct);
        var second = await PushManifestsAsync("ctrl/outdated", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });
        await using var watch = await StatusWatch.StartAsync(flux, Ct);

        await RequestReconcileAsync("outdated", "after-push", flux);
        var after = await flux.WaitAsync("outdated", o => o.Status?.Artifact?.Revision == $"v1@{second}" && ControllerHost.IsReady(o), "the new revision", Ct);

        var expected = $"new revision 'v1@{second}' for '{Registry.Host}/ctrl/outdated:v1'";
        var outdated = watch.Seen("outdated").First(o => ControllerHost.Condition(o, ConditionTypes.ArtifactOutdated) is not null);
        Assert.Equal($"True {Reasons.NewRevision}: {expected}", watch.Conditions("outdated", ConditionTypes.ArtifactOutdated)[0]);
        var ready = ControllerHost.Condition(outdated, ConditionTypes.Ready)!;
        Assert.Equal(("Unknown", Reasons.Progressing, "building artifact: " + expected), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(before.Status!.Artifact!.Digest, outdated.Status!.Artifact!.Digest);
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.ArtifactOutdated));
    }

    [Fact]
    public async Task NewObject_ReadyWithinTheProgressDelay_GetsOnlyItsFinalStatus()
    {
        await using var patient = await ControllerHost.StartAsync(kube, Ct, "--progress-status-delay=5m");
        await PushManifestsAsync("ctrl/quiet", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var watch = await StatusWatch.StartAsync(patient, Ct);

        await patient.ApplyAsync("quiet", Spec("ctrl/quiet", new OCIRepositoryRef { Tag = "v1" }), Ct);
        await watch.WaitSeenAsync("quiet", ControllerHost.IsReady, Ct);

        // The API server defaults observedGeneration to -1 on create; any status the controller wrote has conditions.
        var written = watch.Seen("quiet").Select(o => o.Status).OfType<OCIRepositoryStatus>().Where(s => s.Conditions is { Count: > 0 }).ToList();
        Assert.NotEmpty(written);
        Assert.All(written, s => Assert.NotNull(s.Artifact));
        Assert.DoesNotContain(watch.Conditions("quiet", ConditionTypes.Reconciling), c => c.StartsWith("True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowPull_ShowsTheLatestProgressOnceTheDelayHasPassed()
    {
        await PushManifestsAsync("ctrl/slow", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        front.AddFault(HttpMethod.Get, "/blobs/", Fault.Stall(0, TimeSpan.FromSeconds(5)), times: 1);
        await using var watch = await StatusWatch.StartAsync(_controller, Ct);

        await _controller.ApplyAsync("slow", Spec("ctrl/slow", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/slow" }, Ct);
        var ready = await _controller.WaitAsync("slow", ControllerHost.IsReady, "Ready=True", Ct);
        await watch.WaitSeenAsync("slow", ControllerHost.IsReady, Ct);

        var reconciling = watch.Conditions("slow", ConditionTypes.Reconciling);
        Assert.Contains($"True Progressing: building artifact: new revision '{ready.Status!.Artifact!.Revision}' for '{front.Host}/ctrl/slow:v1'", reconciling);
        Assert.DoesNotContain("True Progressing: processing object: new generation -1 -> 1", reconciling);
    }
}
