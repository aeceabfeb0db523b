using System.IO.Compression;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

/// <summary>
/// Target R4 at the controller: each bad input ends in Flux's condition reason and a message a user can act on,
/// nothing is stored for it, and an artifact stored before keeps serving. (Tar entries that are links, devices or
/// escape the root, and huge tag lists, are covered where they are parsed: LayerExtractorTests, AnonymousRegistryTests.)
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task MalformedUrl_StallsWithUrlInvalid()
    {
        await _controller.ApplyAsync("malformed", Spec("ctrl/Not_A_Valid/Repository!", null), Ct);

        var obj = await _controller.WaitAsync("malformed", o => ControllerHost.Condition(o, ConditionTypes.Stalled)?.Status == "True", "Stalled=True", Ct);

        var ready = ControllerHost.Condition(obj, ConditionTypes.Ready)!;
        Assert.Equal(("False", Reasons.UrlInvalid), (ready.Status, ready.Reason));
        Assert.StartsWith($"URL validation failed for 'oci://{Registry.Host}/ctrl/Not_A_Valid/Repository!': ", ready.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync("malformed");
    }

    [Theory]
    [InlineData("not-a-range", null, "semver 'not-a-range' parse error: ")]
    [InlineData(">=1.0.0", "([unclosed", "invalid semverFilter regular expression '([unclosed': ")]
    [InlineData(">=9.0.0", null, "no match found for semver: >=9.0.0")]
    public async Task BadSemverOrFilter_FailsWithReadOperationFailedAndRetries(string semver, string? filter, string expected)
    {
        await PushManifestsAsync("ctrl/versions", "1.0.0", new Dictionary<string, string> { ["a.yaml"] = "x" });
        var name = $"semver-{Guid.NewGuid():N}"[..20];

        await _controller.ApplyAsync(name, Spec("ctrl/versions", new OCIRepositoryRef { SemVer = semver, SemverFilter = filter }), Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(_controller, name);

        Assert.Equal(Reasons.ReadOperationFailed, failed.Reason);
        Assert.StartsWith($"failed to determine the artifact tag for 'oci://{Registry.Host}/ctrl/versions': ", failed.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failed.Message, StringComparison.Ordinal);
        Assert.Equal(Reasons.ProgressingWithRetry, ControllerHost.Condition(obj, ConditionTypes.Reconciling)!.Reason);
        Assert.Null(ControllerHost.Condition(obj, ConditionTypes.Stalled));
        await AssertNothingStoredAsync(name);
    }

    [Fact]
    public async Task MalformedSecret_FailsWithAuthenticationFailed()
    {
        await PushManifestsAsync("ctrl/malformed-secret", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await _controller.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "garbled", NamespaceProperty = _controller.Namespace },
                Type = "kubernetes.io/dockerconfigjson",
                StringData = new Dictionary<string, string> { [".dockerconfigjson"] = "{\"auths\": not json" },
            },
            _controller.Namespace,
            cancellationToken: Ct);

        await _controller.ApplyAsync("garbled", Spec("ctrl/malformed-secret", null) with { SecretRef = new LocalObjectReference { Name = "garbled" } }, Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(_controller, "garbled");

        Assert.Equal(Reasons.AuthenticationFailed, failed.Reason);
        Assert.StartsWith("failed to get credential", failed.Message, StringComparison.Ordinal);
        Assert.Contains("garbled", failed.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync("garbled");
    }

    [Fact]
    public async Task ManifestOverFourMiB_FailsWithPullFailedAndStoresNothing()
    {
        await PushManifestsAsync("ctrl/huge-manifest", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        front.AddFault(HttpMethod.Get, "/manifests/", Fault.AppendBytes(5 * 1024 * 1024), times: 1000);

        await _controller.ApplyAsync("huge", Spec("ctrl/huge-manifest", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/huge-manifest" }, Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(_controller, "huge");

        Assert.Equal(Reasons.OciArtifactPullFailed, failed.Reason);
        Assert.StartsWith($"failed to pull artifact from 'oci://{front.Host}/ctrl/huge-manifest': ", failed.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit of 4194304 bytes", failed.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync("huge");
    }

    [Fact]
    public async Task WrongBlobDigest_FailsWithPullFailedWhileThePreviousArtifactKeepsServing()
    {
        await PushManifestsAsync("ctrl/tampered", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var spec = Spec("ctrl/tampered", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/tampered" };
        await _controller.ApplyAsync("tampered", spec, Ct);
        var before = await _controller.WaitAsync("tampered", ControllerHost.IsReady, "Ready=True", Ct);
        var blobs = BlobCount();
        var second = await PushManifestsAsync("ctrl/tampered", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });
        var flips = front.AddFault(HttpMethod.Get, "/blobs/", Fault.FlipByte(10), times: 1000);

        await RequestReconcileAsync("tampered", "tampered");
        var failedObj = await _controller.WaitAsync(
            "tampered", o => o.Status?.LastHandledReconcileAt == "tampered" && ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, "FetchFailed", Ct);

        var failed = ControllerHost.Condition(failedObj, ConditionTypes.FetchFailed)!;
        Assert.Equal(Reasons.OciArtifactPullFailed, failed.Reason);
        Assert.Contains("digest", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(flips.Applied > 0);
        Assert.Equal(
            (before.Status!.Artifact!.Revision, before.Status.Artifact.Path, before.Status.Artifact.Digest),
            (failedObj.Status!.Artifact!.Revision, failedObj.Status.Artifact.Path, failedObj.Status.Artifact.Digest));
        Assert.Equal("True", ControllerHost.Condition(failedObj, ConditionTypes.ArtifactOutdated)?.Status);
        Assert.Equal(before.Status.Artifact!.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(before.Status.Artifact.Url), Ct)));
        Assert.Equal(blobs, BlobCount());

        front.ClearFaults();
        var recovered = await _controller.WaitAsync("tampered", o => o.Status?.Artifact?.Revision == $"v1@{second}" && ControllerHost.IsReady(o), "recovery", Ct);
        Assert.Null(ControllerHost.Condition(recovered, ConditionTypes.FetchFailed));
    }

    [Fact]
    public async Task LayerExpandingBeyondTheExtractLimit_FailsWithLayerOperationFailedAndStoresNothing()
    {
        await using var limited = await ControllerHost.StartAsync(kube, Ct, "--artifact-max-extract-size=1048576");
        var layer = Path.Combine(_work, "bomb.tar.gz");
        await using (var file = File.Create(layer))
        await using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        await using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "zeros.bin") { DataStream = new MemoryStream(new byte[8 * 1024 * 1024]) }, Ct);
        }

        Assert.True(new FileInfo(layer).Length < 64 * 1024);
        await PushLayerAsync("ctrl/bomb", "v1", layer);

        await limited.ApplyAsync("bomb", Spec("ctrl/bomb", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(limited, "bomb");

        Assert.Equal(Reasons.OciArtifactLayerOperationFailed, failed.Reason);
        Assert.Contains("1048576", failed.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(limited.StoreRoot, "ocirepository", limited.Namespace, "bomb")));
    }

    private async Task AssertNothingStoredAsync(string name)
    {
        Assert.Null((await _controller.GetAsync(name, Ct)).Status?.Artifact);
        Assert.False(Directory.Exists(Path.Combine(_controller.StoreRoot, "ocirepository", _controller.Namespace, name)));
    }

    private int BlobCount() => Directory.GetFiles(Path.Combine(_controller.StoreRoot, "blobs", "sha256")).Length;
}
