using Microsoft.Win32.SafeHandles;

namespace OciSource.Storage;

/// <summary>
/// A blob open for reading, shared by the requests that serve it. It counts its users: the owner (the
/// <see cref="OpenBlobCache"/>, or the one request that opened it uncached) holds one reference from the start, every
/// other user takes one with <see cref="TryAcquire"/>, and the handle closes when the last is released — so a blob
/// evicted from the cache while a response is still being sent stays readable until that response is done.
/// </summary>
internal sealed class OpenBlob(SafeFileHandle handle, BlobHeaders headers, long openedAt)
{
    private int _references = 1;
    private long _lastUsed = openedAt;

    public SafeFileHandle Handle { get; } = handle;

    public long Length { get; } = RandomAccess.GetLength(handle);

    public BlobHeaders Headers { get; } = headers;

    /// <summary><see cref="Environment.TickCount64"/> when it was opened.</summary>
    public long OpenedAt { get; } = openedAt;

    /// <summary><see cref="Environment.TickCount64"/> when it was last acquired.</summary>
    public long LastUsed => Volatile.Read(ref _lastUsed);

    /// <summary>Takes a reference; false once the handle is closed or closing.</summary>
    public bool TryAcquire(long now)
    {
        for (var references = Volatile.Read(ref _references); references > 0; references = Volatile.Read(ref _references))
        {
            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
            {
                Volatile.Write(ref _lastUsed, now);
                return true;
            }
        }

        return false;
    }

    /// <summary>Gives a reference back; the last one closes the handle.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Handle.Dispose();
        }
    }
}
