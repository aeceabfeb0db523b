using System.IO.Compression;
using System.Formats.Tar;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 13, point 11: a store that runs out of space or turns read-only while a new revision is built ends in
/// Flux's reason, a Warning event and a finished reconcile (never a stuck "building artifact"); the previous
/// artifact keeps serving. Real file systems: a size-limited tmpfs and a read-only bind mount (both need root).
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task StoreFullDuringExtraction_FailsWithLayerOperationFailedAndAWarning_ThePreviousArtifactKeepsServing()
    {
        Assert.SkipUnless(Environment.UserName == "root", "mounting a size-limited tmpfs needs root");
        var mount = TestEnvironment.CreateWorkDirectory("tmpfs-store");
        await MountAsync(["-t", "tmpfs", "-o", "size=2m", "tmpfs", mount]);
        try
        {
            await using var host = await ControllerHost.StartAsync(kube, Ct, $"--storage-path={mount}");
            await PushManifestsAsync("ctrl/fills", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
            await host.ApplyAsync("fills", Spec("ctrl/fills", new OCIRepositoryRef { Tag = "v1" }), Ct);
            var before = await host.WaitAsync("fills", ControllerHost.IsReady, "Ready=True", Ct);
            await PushLayerAsync("ctrl/fills", "v1", await ZerosLayerAsync(8 * 1024 * 1024));

            await RequestReconcileAsync("fills", "full", host);
            var after = await host.WaitAsync("fills", o => o.Status?.LastHandledReconcileAt == "full", "the reconcile on a full store", Ct);

            var ready = ControllerHost.Condition(after, ConditionTypes.Ready)!;
            Assert.Equal(("False", Reasons.OciArtifactLayerOperationFailed), (ready.Status, ready.Reason));
            Assert.StartsWith("failed to extract layer contents from artifact: ", ready.Message, StringComparison.Ordinal);
            Assert.Contains("No space left on device", ready.Message, StringComparison.Ordinal);
            Assert.Equal(Reasons.ProgressingWithRetry, ControllerHost.Condition(after, ConditionTypes.Reconciling)!.Reason);
            Assert.Equal("Warning", (await WaitForEventAsync("fills", Reasons.OciArtifactLayerOperationFailed, host)).Type);
            Assert.Equal(before.Status!.Artifact!.Digest, after.Status!.Artifact!.Digest);
            Assert.Equal(before.Status.Artifact.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(before.Status.Artifact.Url), Ct)));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(mount, ".tmp")));
        }
        finally
        {
            await UnmountAsync(mount);
        }
    }

    [Fact]
    public async Task StoreTurnedReadOnly_FailsWithAStorageReasonAndAWarning_ThePreviousArtifactKeepsServing()
    {
        Assert.SkipUnless(Environment.UserName == "root", "bind-mounting the store read-only needs root");
        var store = TestEnvironment.CreateWorkDirectory("ro-store");
        try
        {
            await using var host = await ControllerHost.StartAsync(kube, Ct, $"--storage-path={store}");
            await PushManifestsAsync("ctrl/frozen", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
            await host.ApplyAsync("frozen", Spec("ctrl/frozen", new OCIRepositoryRef { Tag = "v1" }), Ct);
            var before = await host.WaitAsync("frozen", ControllerHost.IsReady, "Ready=True", Ct);
            await MountAsync(["--bind", store, store]);
            await MountAsync(["-o", "remount,bind,ro", store]);
            await PushManifestsAsync("ctrl/frozen", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });

            await RequestReconcileAsync("frozen", "read-only", host);
            var after = await host.WaitAsync("frozen", o => o.Status?.LastHandledReconcileAt == "read-only", "the reconcile on a read-only store", Ct);

            var failed = ControllerHost.Condition(after, ConditionTypes.StorageOperationFailed);
            Assert.NotNull(failed);
            Assert.Equal(Reasons.DirectoryCreationFailed, failed.Reason);
            Assert.Contains("Read-only file system", failed.Message, StringComparison.Ordinal);
            Assert.Equal(("False", Reasons.DirectoryCreationFailed), (ControllerHost.Condition(after, ConditionTypes.Ready)!.Status, ControllerHost.Condition(after, ConditionTypes.Ready)!.Reason));
            Assert.Equal("Warning", (await WaitForEventAsync("frozen", Reasons.DirectoryCreationFailed, host)).Type);
            Assert.Equal(before.Status!.Artifact!.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(before.Status.Artifact.Url), Ct)));
        }
        finally
        {
            await UnmountAsync(store);
        }
    }

    /// <summary>A tar.gz holding one file of <paramref name="bytes"/> zero bytes (a few KiB compressed).</summary>
    private async Task<string> ZerosLayerAsync(int bytes)
    {
        var layer = Path.Combine(_work, $"{Guid.NewGuid():N}.tar.gz");
        await using (var file = File.Create(layer))
        await using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "zeros.bin") { DataStream = new MemoryStream(new byte[bytes]) }, Ct);
        }

        return layer;
    }

    private async Task MountAsync(IEnumerable<string> arguments) => await registry.Tools.RunAsync("/usr/bin/mount", arguments, Ct);

    /// <summary>Unmounts every mount stacked on <paramref name="path"/> (lazily, so a handle still open cannot keep it), then deletes it.</summary>
    private async Task UnmountAsync(string path)
    {
        while (File.ReadAllLines("/proc/self/mounts").Any(line => line.Split(' ')[1] == path))
        {
            await registry.Tools.RunAsync("/usr/bin/umount", ["-l", path], CancellationToken.None);
        }

        TestEnvironment.DeleteWorkDirectory(path);
    }
}
