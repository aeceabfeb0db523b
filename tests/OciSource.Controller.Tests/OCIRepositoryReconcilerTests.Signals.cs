using System.Formats.Tar;
using System.IO.Compression;
using k8s;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task NewArtifact_IsRecordedAsAnEventAndInFluxsDurationMetric()
    {
        await PushManifestsAsync("ctrl/signals", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await _controller.ApplyAsync("signals", Spec("ctrl/signals", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var obj = await _controller.WaitAsync("signals", ControllerHost.IsReady, "Ready=True", Ct);

        var recorded = await WaitForEventAsync("signals", Reasons.NewArtifact);

        Assert.Equal("Normal", recorded.Type);
        Assert.Equal($"stored artifact with revision '{obj.Status!.Artifact!.Revision}' from '{obj.Spec.Url}'", recorded.Note);
        Assert.Equal("source-controller", recorded.ReportingController);
        // Observed when the reconcile ends, just after the status and the event were written.
        Assert.True(await _controller.WaitReconciledAsync("signals", 0, Ct) >= 1);
    }

    [Fact]
    public async Task LayerWithParentPath_FailsWithLayerOperationFailedAndStoresNothing()
    {
        var layer = Path.Combine(_work, "evil.tar.gz");
        await using (var file = File.Create(layer))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "../evil.yaml") { DataStream = new MemoryStream("x"u8.ToArray()) }, Ct);
        }

        await PushLayerAsync("ctrl/evil", "v1", layer);
        await _controller.ApplyAsync("evil", Spec("ctrl/evil", new OCIRepositoryRef { Tag = "v1" }), Ct);

        var (obj, failed) = await WaitForFetchFailedAsync(_controller, "evil");

        Assert.Equal(Reasons.OciArtifactLayerOperationFailed, failed.Reason);
        Assert.Equal("failed to extract layer contents from artifact: invalid file path '../evil.yaml'", failed.Message);
        Assert.Null(obj.Status!.Artifact);
        Assert.False(Directory.Exists(Path.Combine(_controller.StoreRoot, "ocirepository", _controller.Namespace, "evil")));
    }

    /// <summary>The first events.k8s.io Event about <paramref name="name"/> with <paramref name="reason"/> (the recorder writes asynchronously).</summary>
    private async Task<k8s.Models.Eventsv1Event> WaitForEventAsync(string name, string reason, ControllerHost? host = null)
    {
        host ??= _controller;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var events = await host.Client.EventsV1.ListNamespacedEventAsync(host.Namespace, cancellationToken: Ct);
            if (events.Items.FirstOrDefault(e => e.Reason == reason && e.Regarding?.Name == name) is { } found)
            {
                return found;
            }

            await Task.Delay(100, Ct);
        }

        throw new Xunit.Sdk.XunitException($"no {reason} event about {name}");
    }
}
