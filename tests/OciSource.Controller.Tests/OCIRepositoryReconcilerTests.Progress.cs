using System.Text.Json;
using k8s;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task NewObject_ShowsReconcilingProgressBeforeTheResult()
    {
        await PushManifestsAsync("ctrl/progress", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<string>();
        var watch = Task.Run(
            async () =>
            {
                await foreach (var (_, item) in _controller.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    SourceApi.Group, OCIRepository.Version, _controller.Namespace, SourceApi.Plural, cancellationToken: watching.Token))
                {
                    var obj = KubernetesJson.Deserialize<OCIRepository>(((JsonElement)item).GetRawText());
                    if (ControllerHost.Condition(obj, ConditionTypes.Reconciling) is { } reconciling)
                    {
                        lock (seen)
                        {
                            seen.Add($"{reconciling.Reason}: {reconciling.Message}");
                        }
                    }
                }
            },
            watching.Token);
        await Task.Delay(300, Ct);

        await _controller.ApplyAsync("progress", Spec("ctrl/progress", new OCIRepositoryRef { Tag = "v1" }), Ct);
        await _controller.WaitAsync("progress", ControllerHost.IsReady, "Ready=True", Ct);
        await watching.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);

        lock (seen)
        {
            Assert.Contains("Progressing: processing object: new generation -1 -> 1", seen);
        }
    }
}
