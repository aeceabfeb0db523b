using System.Buffers;

namespace OciSource.Storage;

/// <summary>
/// Copies a stream to its end with two pooled 1 MiB buffers, so the next read (network, decompression) runs while the
/// previous write (the file system, done on a pool thread) completes. Memory is bounded by the two buffers.
/// </summary>
internal static class OverlappedCopy
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>Returns the bytes copied. An exception from either stream ends the copy after any write in flight has finished.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize)];
        var writing = Task.CompletedTask;
        try
        {
            long total = 0;
            for (var current = 0; ; current ^= 1)
            {
                var buffer = buffers[current];
                var filled = await FillAsync(source, buffer, cancellationToken);
                await writing;
                if (filled == 0)
                {
                    return total;
                }

                writing = destination.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).AsTask();
                total += filled;
            }
        }
        finally
        {
            // A buffer goes back to the pool only when no write uses it; the first exception is the one that propagates.
            await writing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < BufferSize && (read = await source.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
