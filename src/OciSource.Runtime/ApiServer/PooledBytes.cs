using System.Buffers;

namespace OciSource.Runtime.ApiServer;

/// <summary>Bytes in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; disposing returns it.</summary>
internal sealed class PooledBytes(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } b)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
