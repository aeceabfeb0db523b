using System.Text;

namespace OciSource.Storage.Tests;

/// <summary>
/// <see cref="ArtifactStore.CheckAsync"/> tells Flux's two storage drifts apart: a file that is gone ("disappeared from
/// storage", no event) from one that is there and fails its digest (Warning <c>ArtifactVerificationFailed</c>).
/// </summary>
public sealed class ArtifactIntegrityTests
{
    private static readonly ArtifactKey Podinfo = new("OCIRepository", "default", "podinfo");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Check_StoredFile_IsIntact()
    {
        using var scope = new StoreScope();
        var stored = await scope.Store.StoreFileAsync(Podinfo, "sha256:a.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("original")), Ct);

        Assert.Equal(ArtifactIntegrity.Intact, await scope.Store.CheckAsync(Podinfo, stored, Ct));
    }

    [Fact]
    public async Task Check_TamperedBlob_IsCorruptAndTheFileIsDeleted()
    {
        using var scope = new StoreScope();
        var stored = await scope.Store.StoreFileAsync(Podinfo, "sha256:b.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("original")), Ct);
        var blob = new FileInfo(Path.Combine(scope.Options.Root, stored.Path)).ResolveLinkTarget(true)!.FullName;
        await File.WriteAllTextAsync(blob, "tampered", Ct);

        Assert.Equal(ArtifactIntegrity.Corrupt, await scope.Store.CheckAsync(Podinfo, stored, Ct));
        Assert.False(File.Exists(Path.Combine(scope.Options.Root, stored.Path)));
    }

    [Fact]
    public async Task Check_RecordedDigestDiffersFromTheFile_IsCorrupt()
    {
        using var scope = new StoreScope();
        var stored = await scope.Store.StoreFileAsync(Podinfo, "sha256:c.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("original")), Ct);

        Assert.Equal(ArtifactIntegrity.Corrupt, await scope.Store.CheckAsync(Podinfo, stored with { Digest = string.Empty }, Ct));
    }

    [Fact]
    public async Task Check_NeverStored_IsMissing()
    {
        using var scope = new StoreScope();

        var absent = new StoredArtifact("ocirepository/default/podinfo/sha256:none.tar.gz", "sha256:00", 1, DateTimeOffset.UtcNow);
        Assert.Equal(ArtifactIntegrity.Missing, await scope.Store.CheckAsync(Podinfo, absent, Ct));
    }

    [Fact]
    public async Task Check_LinkWhoseBlobIsGone_IsMissingAndNothingIsTouched()
    {
        using var scope = new StoreScope();
        var stored = await scope.Store.StoreFileAsync(Podinfo, "sha256:d.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("original")), Ct);
        var link = Path.Combine(scope.Options.Root, stored.Path);
        File.Delete(new FileInfo(link).ResolveLinkTarget(true)!.FullName);

        Assert.Equal(ArtifactIntegrity.Missing, await scope.Store.CheckAsync(Podinfo, stored, Ct));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task Check_AnotherObjectsPath_IsMissingAndItsFileIsKept()
    {
        using var scope = new StoreScope();
        var other = new ArtifactKey("OCIRepository", "default", "other");
        var stored = await scope.Store.StoreFileAsync(other, "sha256:e.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("other")), Ct);

        Assert.Equal(ArtifactIntegrity.Missing, await scope.Store.CheckAsync(Podinfo, stored with { Digest = "sha256:00" }, Ct));
        Assert.Equal(ArtifactIntegrity.Intact, await scope.Store.CheckAsync(other, stored, Ct));
    }
}
