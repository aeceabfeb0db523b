using System.Security.Cryptography;
using System.Text;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Storage.Tests;

/// <summary>
/// <see cref="ArtifactStore.StoreVerifiedFileAsync"/> with the registry client's <see cref="VerifyingReadStream"/>, the
/// stream the controller gives it in copy mode; <see cref="ArtifactStore.TryStoreExistingAsync"/>, which spares the
/// download of a layer the store holds; and the overlapped copy both store paths use.
/// </summary>
public sealed class StoreVerifiedFileTests
{
    private static readonly ArtifactKey Podinfo = new("ocirepository", "default", "podinfo");

    /// <summary>The object's registry confirms it serves the blob.</summary>
    private static readonly Func<CancellationToken, Task<bool>> Proven = _ => Task.FromResult(true);

    /// <summary>For a store that does not hold the blob: the proof must not even be asked for.</summary>
    private static readonly Func<CancellationToken, Task<bool>> NeverAsked = _ => throw new InvalidOperationException("asked for a proof of a blob the store does not hold");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifiedContent_IsStoredUnderItsDigestAndLinked()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes((3 * 1024 * 1024) + 12_345);
        var digest = Digest.Compute(content, Digest.Sha256);

        var stored = await scope.Store.StoreVerifiedFileAsync(Podinfo, "sha256:v.tar.gz", Verifying(content, digest), digest.Hex, content.Length, Ct);

        Assert.Equal((digest.ToString(), (long)content.Length), (stored.Digest, stored.Size));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(scope.Options.Root, "blobs/sha256", digest.Hex), Ct));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(scope.Options.Root, stored.Path), Ct));
        Assert.True(await scope.Store.VerifyAsync(Podinfo, stored, Ct));
    }

    [Fact]
    public async Task ContentFailingItsDigest_StoresNothingAndKeepsThePreviousArtifact()
    {
        using var scope = new StoreScope();
        var first = await scope.Store.StoreFileAsync(Podinfo, "sha256:one.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("one")), Ct);
        var content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var claimed = Digest.Compute(Encoding.UTF8.GetBytes("something else"), Digest.Sha256);

        await Assert.ThrowsAsync<DigestMismatchException>(
            () => scope.Store.StoreVerifiedFileAsync(Podinfo, "sha256:two.tar.gz", Verifying(content, claimed), claimed.Hex, content.Length, Ct));

        Assert.False(File.Exists(Path.Combine(scope.Options.Root, "blobs/sha256", claimed.Hex)));
        Assert.False(File.Exists(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo/sha256:two.tar.gz")));
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo/latest.tar.gz"), Ct));
        Assert.True(await scope.Store.VerifyAsync(Podinfo, first, Ct));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Options.Root, ".tmp")));
    }

    [Fact]
    public async Task ContentOfAnotherSize_FailsAndStoresNothing()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes(5000);
        var digest = Digest.Compute(content, Digest.Sha256);

        await Assert.ThrowsAsync<InvalidDataException>(
            () => scope.Store.StoreVerifiedFileAsync(Podinfo, "sha256:v.tar.gz", new MemoryStream(content), digest.Hex, content.Length + 1, Ct));

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Options.Root, "blobs/sha256")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Options.Root, ".tmp")));
    }

    [Theory]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("../../etc")]
    public async Task NotALowercaseSha256_IsRejectedBeforeAnythingIsWritten(string hex)
    {
        using var scope = new StoreScope();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Store.StoreVerifiedFileAsync(Podinfo, "f.tar.gz", new MemoryStream([1]), hex, 1, Ct));

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(scope.Options.Root, ".tmp")));
    }

    [Fact]
    public async Task TryStoreExisting_BlobAlreadyStored_LinksItWithoutContent()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes(70_000);
        var digest = await StoreForAnotherObjectAsync(scope, content);

        var stored = await scope.Store.TryStoreExistingAsync(Podinfo, "sha256:b.tar.gz", digest.Hex, content.Length, Proven, Ct);

        Assert.NotNull(stored);
        Assert.Equal(("ocirepository/default/podinfo/sha256:b.tar.gz", digest.ToString(), (long)content.Length), (stored.Path, stored.Digest, stored.Size));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(scope.Options.Root, stored.Path), Ct));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo/latest.tar.gz"), Ct));
        Assert.Equal(content.Length, scope.Store.BlobBytes());
    }

    [Fact]
    public async Task TryStoreExisting_BlobAbsentOrOfAnotherSize_IsNull()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes(1000);
        var digest = Digest.Compute(content, Digest.Sha256);

        Assert.Null(await scope.Store.TryStoreExistingAsync(Podinfo, "sha256:a.tar.gz", digest.Hex, content.Length, NeverAsked, Ct));
        await StoreForAnotherObjectAsync(scope, content);
        Assert.Null(await scope.Store.TryStoreExistingAsync(Podinfo, "sha256:a.tar.gz", digest.Hex, content.Length + 1, NeverAsked, Ct));
        Assert.False(Directory.Exists(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo")));
    }

    [Fact]
    public async Task TryStoreExisting_BlobHeldButNotProvenReadable_LinksNothingAndKeepsTheBlob()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes(1000);
        var digest = await StoreForAnotherObjectAsync(scope, content);
        var asked = 0;

        var stored = await scope.Store.TryStoreExistingAsync(
            Podinfo, "sha256:a.tar.gz", digest.Hex, content.Length, _ => Task.FromResult(++asked < 0), Ct);

        Assert.Null(stored);
        Assert.Equal(1, asked);
        Assert.False(Directory.Exists(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo")));
        Assert.Equal(content.Length, scope.Store.BlobBytes());
    }

    [Fact]
    public async Task TryStoreExisting_CorruptedBlob_IsNullAndTheBlobIsDeleted()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes(1000);
        var digest = await StoreForAnotherObjectAsync(scope, content);
        var blob = Path.Combine(scope.Options.Root, "blobs/sha256", digest.Hex);
        content[500] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, content, Ct);

        Assert.Null(await scope.Store.TryStoreExistingAsync(Podinfo, "sha256:a.tar.gz", digest.Hex, content.Length, Proven, Ct));

        Assert.False(File.Exists(blob));
        Assert.False(File.Exists(Path.Combine(scope.Options.Root, "ocirepository/default/podinfo/latest.tar.gz")));
    }

    [Fact]
    public async Task StoreFile_ContentInUnevenChunksOverSeveralBuffers_IsCopiedExactly()
    {
        using var scope = new StoreScope();
        var content = RandomNumberGenerator.GetBytes((5 * 1024 * 1024) + 777);

        var stored = await scope.Store.StoreFileAsync(Podinfo, "sha256:c.tar.gz", new ChunkedStream(content, 65_521), Ct);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), stored.Digest);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(scope.Options.Root, stored.Path), Ct));
    }

    /// <summary>Stores <paramref name="content"/> as another object's artifact; returns its digest.</summary>
    private static async Task<Digest> StoreForAnotherObjectAsync(StoreScope scope, byte[] content)
    {
        var digest = Digest.Compute(content, Digest.Sha256);
        await scope.Store.StoreVerifiedFileAsync(new ArtifactKey("ocirepository", "default", "first"), "sha256:a.tar.gz", Verifying(content, digest), digest.Hex, content.Length, Ct);
        return digest;
    }

    private static VerifyingReadStream Verifying(byte[] content, Digest digest) =>
        new(new ChunkedStream(content, 100_003), digest, content.Length, "test blob");

    /// <summary>Returns at most <c>chunk</c> bytes per read, as a network stream does.</summary>
    private sealed class ChunkedStream(byte[] content, int chunk) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
