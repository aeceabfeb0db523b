using System.Text;

namespace OciSource.Storage.Tests;

/// <summary>
/// <c>--artifact-digest-algo</c> in the store: new files are hashed and keyed with the configured algorithm; files
/// stored before the algorithm changed are verified with the algorithm of their recorded digest, as Flux's
/// <c>VerifyArtifact</c> does, and keep being served until they are replaced.
/// </summary>
public sealed class ArtifactStoreDigestAlgorithmTests
{
    private static readonly ArtifactKey Podinfo = new("OCIRepository", "default", "podinfo");

    // "abc": the SHA-2 digests as Python's hashlib computes them, BLAKE3 as the reference b3sum prints it.
    private static readonly Dictionary<string, string> AbcDigests = new()
    {
        ["sha256"] = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ["sha384"] = "sha384:cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
        ["sha512"] = "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ["blake3"] = "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    [InlineData("blake3")]
    public async Task StoreFile_DigestAndBlobAreTheConfiguredAlgorithms(string name)
    {
        var algorithm = DigestAlgorithm.FromName(name)!;
        using var scope = new StoreScope(digestAlgorithm: algorithm);

        var stored = await scope.Store.StoreFileAsync(Podinfo, "a.tar.gz", new MemoryStream("abc"u8.ToArray()), Ct);

        Assert.Equal(AbcDigests[name], stored.Digest);
        var blob = new FileInfo(Path.Combine(scope.Options.Root, stored.Path)).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        Assert.Equal(Path.Combine(scope.Options.Root, "blobs", name, AbcDigests[name][(name.Length + 1)..]), blob);
        Assert.True(await scope.Store.VerifyAsync(Podinfo, stored, Ct));
    }

    [Theory]
    [InlineData("sha384")]
    [InlineData("blake3")]
    public async Task StoreVerifiedFile_OtherAlgorithm_HashesTheCopyWithIt(string name)
    {
        var algorithm = DigestAlgorithm.FromName(name)!;
        using var scope = new StoreScope(digestAlgorithm: algorithm);
        var sha256 = AbcDigests["sha256"]["sha256:".Length..];

        var stored = await scope.Store.StoreVerifiedFileAsync(Podinfo, "a.tar.gz", new MemoryStream("abc"u8.ToArray()), sha256, 3, Ct);

        Assert.Equal(AbcDigests[name], stored.Digest);
        Assert.Null(await scope.Store.TryStoreExistingAsync(Podinfo, "b.tar.gz", sha256, 3, _ => Task.FromResult(true), Ct));
    }

    [Fact]
    public async Task AlgorithmChanged_StoredSha256Artifact_StillVerifiesAndIsCollectedLater()
    {
        using var scope = new StoreScope();
        var old = await scope.Store.StoreFileAsync(Podinfo, "old.tar.gz", new MemoryStream("abc"u8.ToArray()), Ct);
        var sha512 = new ArtifactStore(scope.Options with { DigestAlgorithm = DigestAlgorithm.Sha512, RetentionRecords = 1 }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ArtifactStore>.Instance);
        await sha512.InitializeAsync(Ct);

        Assert.True(await sha512.VerifyAsync(Podinfo, old, Ct));
        var current = await sha512.StoreFileAsync(Podinfo, "new.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("abcd")), Ct);

        Assert.StartsWith("sha512:", current.Digest, StringComparison.Ordinal);
        Assert.Equal(1, await sha512.CollectGarbageAsync(Podinfo, current.Path, Ct));
        Assert.False(File.Exists(Path.Combine(scope.Options.Root, old.Path)));
        Assert.True(await sha512.VerifyAsync(Podinfo, current, Ct));
    }

    [Fact]
    public async Task Verify_RecordedAlgorithmDiffersFromTheBlobs_FailsAndUnlinks()
    {
        using var scope = new StoreScope();
        var stored = await scope.Store.StoreFileAsync(Podinfo, "a.tar.gz", new MemoryStream("abc"u8.ToArray()), Ct);

        Assert.False(await scope.Store.VerifyAsync(Podinfo, stored with { Digest = AbcDigests["sha512"] }, Ct));
        Assert.False(File.Exists(Path.Combine(scope.Options.Root, stored.Path)));
    }

    [Fact]
    public async Task Verify_TamperedBlake3Blob_FailsAndDeletesTheBlob()
    {
        using var scope = new StoreScope(digestAlgorithm: DigestAlgorithm.Blake3);
        var stored = await scope.Store.StoreFileAsync(Podinfo, "a.tar.gz", new MemoryStream("abc"u8.ToArray()), Ct);
        var blob = new FileInfo(Path.Combine(scope.Options.Root, stored.Path)).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        await File.WriteAllTextAsync(blob, "abd", Ct);

        Assert.False(await scope.Store.VerifyAsync(Podinfo, stored, Ct));
        Assert.False(File.Exists(blob));
    }

    [Fact]
    public async Task Server_Sha384Blob_ResolvesWithItsDigestAsETag()
    {
        using var scope = new StoreScope(digestAlgorithm: DigestAlgorithm.Sha384);
        var stored = await scope.Store.StoreFileAsync(Podinfo, "a.tar.gz", new MemoryStream("abc"u8.ToArray()), Ct);
        using var cache = new OpenBlobCache();

        var (path, digest) = new ArtifactPathResolver(scope.Store.Root).Resolve(stored.Path)!.Value;
        var blob = cache.Acquire(digest, path)!;

        Assert.Equal(AbcDigests["sha384"], digest);
        Assert.Equal($"\"{AbcDigests["sha384"]}\"", blob.Headers.ETag.ToString());
        Assert.Equal(0, blob.Headers.Digest.Count);
        blob.Release();
    }
}
