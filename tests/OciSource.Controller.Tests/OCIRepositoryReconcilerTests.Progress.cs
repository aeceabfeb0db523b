using Microsoft.Extensions.Time.Testing;
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
        // A watch delivers in order: once it has shown the final status, it has shown every status before it.
        await watch.WaitSeenAsync("progress", ControllerHost.IsReady, Ct);

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
        await watch.WaitSeenAsync("outdated", o => o.Status?.Artifact?.Revision == $"v1@{second}" && ControllerHost.IsReady(o), Ct);

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
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        front.AddFault(HttpMethod.Get, "/blobs/", Fault.StallUntil(0, release.Task), times: 1);
        // The controller's clock (and so its 1 s progress delay) moves only when the test moves it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var slow = await ControllerHost.StartAsync(kube, clock, Ct);
        await using var watch = await StatusWatch.StartAsync(slow, Ct);

        await slow.ApplyAsync("slow", Spec("ctrl/slow", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/slow" }, Ct);
        // The blob is being fetched: the revision is resolved and "building artifact" is the latest progress, held back.
        await Eventually(() => front.Requests.Any(r => r.Method == "GET" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)), "the blob was requested");
        clock.Advance(TimeSpan.FromSeconds(1));
        await watch.WaitSeenAsync("slow", o => ControllerHost.Condition(o, ConditionTypes.Reconciling)?.Status == "True", Ct);
        release.SetResult();
        var ready = await slow.WaitAsync("slow", ControllerHost.IsReady, "Ready=True", Ct);
        await watch.WaitSeenAsync("slow", ControllerHost.IsReady, Ct);

        var reconciling = watch.Conditions("slow", ConditionTypes.Reconciling);
        Assert.Contains($"True Progressing: building artifact: new revision '{ready.Status!.Artifact!.Revision}' for '{front.Host}/ctrl/slow:v1'", reconciling);
        Assert.DoesNotContain("True Progressing: processing object: new generation -1 -> 1", reconciling);
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms (up to 90 s).</summary>
    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20, Ct);
        }
    }
}
