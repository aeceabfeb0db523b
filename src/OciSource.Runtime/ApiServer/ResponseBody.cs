using System.Buffers;
using System.Text;

namespace OciSource.Runtime.ApiServer;

/// <summary>Bounded reads of API server answers.</summary>
internal static class ResponseBody
{
    /// <summary>Up to <paramref name="limit"/> bytes of <paramref name="content"/> as UTF-8 text; the rest is not read.</summary>
    public static async Task<string> ReadTextAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        using var body = await ReadAsync(content, limit, truncate: true, cancellationToken);
        return Encoding.UTF8.GetString(body.Memory.Span);
    }

    /// <summary>The whole body in a pooled buffer (dispose it to return the buffer).</summary>
    /// <exception cref="InvalidDataException">The body is longer than <paramref name="limit"/> bytes.</exception>
    public static Task<PooledBytes> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken) =>
        ReadAsync(content, limit, truncate: false, cancellationToken);

    private static async Task<PooledBytes> ReadAsync(HttpContent content, int limit, bool truncate, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            // Reads at most limit + 1 bytes: one more than allowed tells "too long" from "exactly the limit".
            var cap = limit + 1;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, cap) - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    if (!truncate)
                    {
                        throw new InvalidDataException($"the API server's answer is larger than {limit} bytes");
                    }

                    length = limit;
                    break;
                }
            }

            return new PooledBytes(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
