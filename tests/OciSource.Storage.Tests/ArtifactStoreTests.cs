using System.Security.Cryptography;
using System.Text;

namespace OciSource.Storage.Tests;

public sealed class ArtifactStoreTests
{
    private static readonly ArtifactKey Podinfo = new("OCIRepository", "default", "podinfo");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreFile_WritesFluxPathsAndDigestAndLatestAlias()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes(10_000);

        var stored = await scope.Store.StoreFileAsync(Podinfo, "sha256:abc.tar.gz", new MemoryStream(content), Ct);

        Assert.Equal("ocirepository/default/podinfo/sha256:abc.tar.gz", stored.Path);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), stored.Digest);
        Assert.Equal(content.Length, stored.Size);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(scope.Options.Root, stored.Path), Ct));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo/latest.tar.gz"), Ct));
        Assert.Equal("http://source-controller.flux-system.svc.cluster.local./ocirepository/default/podinfo/sha256:abc.tar.gz", scope.Store.Url(stored.Path));
    }

    [Fact]
    public async Task StoreFile_IdenticalContentForManyObjects_IsStoredOnce()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes(50_000);

        for (var i = 0; i < 20; i++)
        {
            await scope.Store.StoreFileAsync(new ArtifactKey("ocirepository", "default", $"app-{i}"), "sha256:x.tar.gz", new MemoryStream(content), Ct);
        }

        Assert.Equal(content.Length, scope.Store.BlobBytes());
    }

    [Fact]
    public async Task StoreFile_StreamFailsMidway_LeavesThePreviousArtifactServed()
    {
        using var scope = new StoreScope();
        var first = await scope.Store.StoreFileAsync(Podinfo, "sha256:one.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("one")), Ct);

        await Assert.ThrowsAsync<IOException>(() => scope.Store.StoreFileAsync(Podinfo, "sha256:two.tar.gz", new FailingStream(), Ct));

        Assert.False(File.Exists(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo/sha256:two.tar.gz")));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo/latest.tar.gz"), Ct));
        Assert.True(await scope.Store.VerifyAsync(Podinfo, first, Ct));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Options.Root, ".tmp")));
    }

    [Fact]
    public async Task Verify_CorruptedBlob_IsFalseAndTheFileIsNoLongerServed()
    {
        using var scope = new StoreScope();
        var stored = await scope.Store.StoreFileAsync(Podinfo, "sha256:c.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("original")), Ct);
        var blob = new FileInfo(Path.Combine(scope.Options.Root, stored.Path)).ResolveLinkTarget(true)!.FullName;
        await File.WriteAllTextAsync(blob, "tampered", Ct);

        Assert.False(await scope.Store.VerifyAsync(Podinfo, stored, Ct));
        Assert.False(File.Exists(Path.Combine(scope.Options.Root, stored.Path)));
        Assert.False(File.Exists(blob));
    }

    [Fact]
    public async Task Verify_MissingFile_IsFalse()
    {
        using var scope = new StoreScope();

        Assert.False(await scope.Store.VerifyAsync(Podinfo, new StoredArtifact("ocirepository/default/podinfo/sha256:none.tar.gz", "sha256:00", 1, DateTimeOffset.UtcNow), Ct));
    }

    [Fact]
    public async Task CollectGarbage_KeepsTheNewestRecordsAndRemovesUnlinkedBlobs()
    {
        using var scope = new StoreScope(retentionRecords: 2, retentionTtl: TimeSpan.FromHours(1));
        var paths = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var stored = await scope.Store.StoreFileAsync(Podinfo, $"sha256:{i}.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes($"content {i}")), Ct);
            paths.Add(stored.Path);
            File.SetLastWriteTimeUtc(Path.Combine(scope.Options.Root, stored.Path), DateTime.UtcNow.AddMinutes(-10 + i));
            AgeBlobs(scope);
        }

        var deleted = await scope.Store.CollectGarbageAsync(Podinfo, paths[3], Ct);

        Assert.Equal(2, deleted);
        var left = Directory.EnumerateFileSystemEntries(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["latest.tar.gz", "sha256:2.tar.gz", "sha256:3.tar.gz"], left);
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(scope.Options.Root, "blobs/sha256")).Count());
    }

    [Fact]
    public async Task CollectGarbage_RemovesNonCurrentFilesOlderThanTheTtl()
    {
        using var scope = new StoreScope(retentionRecords: 10, retentionTtl: TimeSpan.FromMinutes(1));
        var old = await scope.Store.StoreFileAsync(Podinfo, "sha256:old.tar.gz", new MemoryStream([1]), Ct);
        File.SetLastWriteTimeUtc(Path.Combine(scope.Options.Root, old.Path), DateTime.UtcNow.AddMinutes(-5));
        var current = await scope.Store.StoreFileAsync(Podinfo, "sha256:new.tar.gz", new MemoryStream([2]), Ct);

        Assert.Equal(1, await scope.Store.CollectGarbageAsync(Podinfo, current.Path, Ct));
        Assert.True(await scope.Store.VerifyAsync(Podinfo, current, Ct));
    }

    [Fact]
    public async Task RemoveAll_DeletesTheObjectButKeepsBlobsOthersLink()
    {
        using var scope = new StoreScope();
        var other = new ArtifactKey("ocirepository", "default", "other");
        await scope.Store.StoreFileAsync(Podinfo, "sha256:s.tar.gz", new MemoryStream([7, 7]), Ct);
        var kept = await scope.Store.StoreFileAsync(other, "sha256:s.tar.gz", new MemoryStream([7, 7]), Ct);
        AgeBlobs(scope);

        Assert.True(await scope.Store.RemoveAllAsync(Podinfo, Ct));
        Assert.False(await scope.Store.RemoveAllAsync(Podinfo, Ct));
        Assert.False(Directory.Exists(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo")));
        Assert.True(await scope.Store.VerifyAsync(other, kept, Ct));

        Assert.True(await scope.Store.RemoveAllAsync(other, Ct));
        Assert.Equal(0, scope.Store.BlobBytes());
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void ArtifactPath_TraversalOrSeparators_AreRejected(string name) =>
        Assert.Throws<ArgumentException>(() => ArtifactStore.ArtifactPath(new ArtifactKey("ocirepository", "default", name), "f.tar.gz"));

    [Fact]
    public async Task DeleteLeftovers_RemovesTemporaryLeftovers()
    {
        using var scope = new StoreScope();
        var leftover = Path.Combine(scope.Options.Root, ".tmp", "partial");
        await File.WriteAllTextAsync(leftover, "half", Ct);
        var work = scope.Store.CreateWorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(work.FullName, "extracted.yaml"), "x", Ct);

        await scope.Store.DeleteLeftoversAsync(Ct);

        Assert.StartsWith(Path.Combine(scope.Store.Root, ".tmp") + "/", work.FullName, StringComparison.Ordinal);
        Assert.False(File.Exists(leftover));
        Assert.False(Directory.Exists(work.FullName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(scope.Store.Root, ".tmp")));
    }

    private static void AgeBlobs(StoreScope scope)
    {
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(scope.Options.Root, "blobs/sha256")))
        {
            File.SetLastWriteTimeUtc(blob, DateTime.UtcNow.AddHours(-1));
        }
    }

    private sealed class FailingStream : Stream
    {
        private int _reads;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            _reads++ == 0 ? Fill(buffer, offset, count) : throw new IOException("connection reset");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static int Fill(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, 100);
            buffer.AsSpan(offset, n).Fill(42);
            return n;
        }
    }
}
