using System.Security.Cryptography;
using OciSource.Api.V1;

namespace OciSource.Controller.Tests;

/// <summary><c>--artifact-digest-algo</c>: the artifact digest is computed with the chosen algorithm over the stored file, as Flux's.</summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task ArtifactDigestAlgoSha512_ExtractedArtifact_DigestIsTheSha512OfTheServedFile()
    {
        await using var sha512 = await ControllerHost.StartAsync(kube, Ct, "--artifact-digest-algo=sha512");
        await PushManifestsAsync("ctrl/sha512-extract", "v1", new Dictionary<string, string> { ["app.yaml"] = "kind: ConfigMap" });

        await sha512.ApplyAsync("sha512-extract", Spec("ctrl/sha512-extract", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var obj = await sha512.WaitAsync("sha512-extract", ControllerHost.IsReady, "Ready=True", Ct);

        var artifact = obj.Status!.Artifact!;
        Assert.StartsWith("sha512:", artifact.Digest, StringComparison.Ordinal);
        Assert.StartsWith("v1@sha256:", artifact.Revision, StringComparison.Ordinal);
        var served = await Http.GetByteArrayAsync(new Uri(artifact.Url), Ct);
        Assert.Equal("sha512:" + Convert.ToHexStringLower(SHA512.HashData(served)), artifact.Digest);
        Assert.Equal("kind: ConfigMap", (await ArtifactContent.ReadTarGzAsync(served, Ct))["app.yaml"]);
    }

    [Fact]
    public async Task ArtifactDigestAlgoSha512_CopiedLayer_DigestIsTheSha512OfTheLayer()
    {
        await using var sha512 = await ControllerHost.StartAsync(kube, Ct, "--artifact-digest-algo=sha512");
        var layer = await RandomLayerAsync(2048);
        await PushLayerAsync("ctrl/sha512-copy", "v1", layer);

        await sha512.ApplyAsync("sha512-copy", CopySpec($"oci://{Registry.Host}/ctrl/sha512-copy"), Ct);
        var obj = await sha512.WaitAsync("sha512-copy", ControllerHost.IsReady, "Ready=True", Ct);

        var artifact = obj.Status!.Artifact!;
        var pushed = await File.ReadAllBytesAsync(layer, Ct);
        Assert.Equal("sha512:" + Convert.ToHexStringLower(SHA512.HashData(pushed)), artifact.Digest);
        Assert.Equal(pushed, await Http.GetByteArrayAsync(new Uri(artifact.Url), Ct));
    }
}
