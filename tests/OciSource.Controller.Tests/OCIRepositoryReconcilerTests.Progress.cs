using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task NewObject_ShowsReconcilingProgressBeforeTheResult()
    {
        await PushManifestsAsync("ctrl/progress", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var watch = await StatusWatch.StartAsync(_controller, Ct);

        await _controller.ApplyAsync("progress", Spec("ctrl/progress", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var ready = await _controller.WaitAsync("progress", ControllerHost.IsReady, "Ready=True", Ct);

        var reconciling = watch.Conditions("progress", ConditionTypes.Reconciling);
        Assert.Contains("True Progressing: processing object: new generation -1 -> 1", reconciling);
        Assert.Contains("True Progressing: building artifact", reconciling);
        Assert.Contains($"True Progressing: building artifact: new revision '{ready.Status!.Artifact!.Revision}' for '{Registry.Host}/ctrl/progress:v1'", reconciling);
        Assert.DoesNotContain(watch.Seen("progress"), o => ControllerHost.Condition(o, ConditionTypes.ArtifactOutdated) is not null);
    }

    [Fact]
    public async Task NewRevision_IsShownAsArtifactOutdatedBeforeTheNewArtifactReplacesTheOld()
    {
        await PushManifestsAsync("ctrl/outdated", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await _controller.ApplyAsync("outdated", Spec("ctrl/outdated", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var before = await _controller.WaitAsync("outdated", ControllerHost.IsReady, "Ready=True", Ct);
        var second = await PushManifestsAsync("ctrl/outdated", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });
        await using var watch = await StatusWatch.StartAsync(_controller, Ct);

        await RequestReconcileAsync("outdated", "after-push");
        var after = await _controller.WaitAsync("outdated", o => o.Status?.Artifact?.Revision == $"v1@{second}" && ControllerHost.IsReady(o), "the new revision", Ct);

        var expected = $"new revision 'v1@{second}' for '{Registry.Host}/ctrl/outdated:v1'";
        var outdated = watch.Seen("outdated").First(o => ControllerHost.Condition(o, ConditionTypes.ArtifactOutdated) is not null);
        Assert.Equal($"True {Reasons.NewRevision}: {expected}", watch.Conditions("outdated", ConditionTypes.ArtifactOutdated)[0]);
        var ready = ControllerHost.Condition(outdated, ConditionTypes.Ready)!;
        Assert.Equal(("Unknown", Reasons.Progressing, "building artifact: " + expected), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(before.Status!.Artifact!.Digest, outdated.Status!.Artifact!.Digest);
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.ArtifactOutdated));
    }
}
