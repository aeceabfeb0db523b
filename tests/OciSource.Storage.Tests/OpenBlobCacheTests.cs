using System.Security.Cryptography;

namespace OciSource.Storage.Tests;

public sealed class OpenBlobCacheTests : IDisposable
{
    private readonly StoreScope _scope = new();
    private readonly OpenBlobCache _cache = new();

    [Fact]
    public void Acquire_Twice_SharesOneHandle()
    {
        var (hex, path) = Blob(100);

        var first = _cache.Acquire(hex, path)!;
        var second = _cache.Acquire(hex, path)!;

        Assert.Same(first, second);
        Assert.Equal(100, first.Length);
        Assert.Equal($"\"{hex}\"", first.Headers.ETag.ToString());
        first.Release();
        second.Release();
        Assert.False(first.Handle.IsClosed);
    }

    [Fact]
    public void Forget_WhileAcquired_KeepsTheHandleReadableUntilReleased()
    {
        var (hex, path) = Blob(10);
        var blob = _cache.Acquire(hex, path)!;

        _cache.Forget(hex);

        Assert.Equal(10, RandomAccess.Read(blob.Handle, new byte[10], 0));
        blob.Release();
        Assert.True(blob.Handle.IsClosed);
        var reopened = _cache.Acquire(hex, path)!;
        Assert.NotSame(blob, reopened);
        reopened.Release();
    }

    [Fact]
    public void Acquire_MissingBlob_IsNull()
    {
        Assert.Null(_cache.Acquire("sha256:" + new string('0', 64), Path.Combine(_scope.Directory, "missing")));
    }

    [Fact]
    public void Acquire_SymbolicLink_IsNull()
    {
        var (hex, path) = Blob(10);
        var link = Path.Combine(_scope.Directory, "link");
        File.CreateSymbolicLink(link, path);

        Assert.Null(_cache.Acquire(hex, link));
    }

    [Fact]
    public void Acquire_BeyondTheCachedNumber_OpensAHandleThatClosesOnRelease()
    {
        var held = Enumerable.Range(0, OpenBlobCache.MaxHandles).Select(_ => Blob(16)).Select(b => _cache.Acquire(b.Hex, b.Path)!).ToList();
        var (hex, path) = Blob(16);

        var extra = _cache.Acquire(hex, path)!;
        extra.Release();

        Assert.True(extra.Handle.IsClosed);
        held.ForEach(b => b.Release());
    }

    public void Dispose()
    {
        _cache.Dispose();
        _scope.Dispose();
    }

    private (string Hex, string Path) Blob(int size)
    {
        var content = RandomNumberGenerator.GetBytes(size);
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = Path.Combine(_scope.Directory, hex);
        File.WriteAllBytes(path, content);
        return ("sha256:" + hex, path);
    }
}
