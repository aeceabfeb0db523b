using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace OciSource.Storage;

/// <summary>
/// Read handles of the blobs served lately, so serving a blob again costs no open, stat, lock or close: a blob's bytes
/// never change (its name is their sha256). A handle is used for at most <see cref="MaxAge"/> (then the blob is opened
/// again, so a blob replaced or deleted behind the store's back is not served from the old file for longer), is
/// dropped at once when the store deletes the blob (<see cref="Forget"/>), and is closed after <see cref="IdleTime"/>
/// without requests. At most <see cref="MaxHandles"/> are kept; beyond that blobs are opened for each request.
/// </summary>
internal sealed class OpenBlobCache : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(5);
    public const int MaxHandles = 256;

    private readonly ConcurrentDictionary<string, OpenBlob> _blobs = new(StringComparer.Ordinal);
    private readonly Timer _sweeper;

    public OpenBlobCache() => _sweeper = new Timer(_ => Sweep(), null, IdleTime, IdleTime);

    /// <summary>
    /// Blob <paramref name="digest"/> (<c>&lt;algorithm&gt;:&lt;hex&gt;</c>, at <paramref name="path"/>) with a reference the caller must <see cref="OpenBlob.Release"/>;
    /// null when it does not exist (any more), or is a directory or a symbolic link.
    /// </summary>
    public OpenBlob? Acquire(string digest, string path)
    {
        var now = Environment.TickCount64;
        if (_blobs.TryGetValue(digest, out var cached) && now - cached.OpenedAt < MaxAge.TotalMilliseconds && cached.TryAcquire(now))
        {
            return cached;
        }

        if (Open(path) is not { } handle)
        {
            return null;
        }

        var blob = new OpenBlob(handle, BlobHeaders.Create(digest, new DateTimeOffset(File.GetLastWriteTimeUtc(handle))), now);
        blob.TryAcquire(now);
        if (cached is not null ? _blobs.TryUpdate(digest, blob, cached) : _blobs.Count < MaxHandles && _blobs.TryAdd(digest, blob))
        {
            cached?.Release();
        }
        else
        {
            blob.Release(); // not cached: the caller's reference is the last one
        }

        return blob;
    }

    /// <summary>Drops the handle of blob <paramref name="digest"/> (the store deleted it); responses in progress finish.</summary>
    public void Forget(string digest)
    {
        if (_blobs.TryRemove(digest, out var blob))
        {
            blob.Release();
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var hex in _blobs.Keys)
        {
            Forget(hex);
        }
    }

    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var (hex, blob) in _blobs)
        {
            if (now - blob.LastUsed >= IdleTime.TotalMilliseconds || now - blob.OpenedAt >= MaxAge.TotalMilliseconds)
            {
                if (_blobs.TryRemove(KeyValuePair.Create(hex, blob)))
                {
                    blob.Release();
                }
            }
        }
    }

    /// <summary>The blob opened for reading; null when it is missing, a directory, or a symbolic link (a blob never is one).</summary>
    private static SafeFileHandle? Open(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is null ? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
