using System.Globalization;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Transport;

/// <summary>Reads a small stream (a response body, a trusted root, a signature payload) to its end with a hard size limit.</summary>
public static class BoundedReader
{
    /// <summary>Reads the whole stream, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="ContentTooLargeException">The stream holds more than <paramref name="limit"/> bytes; the message names <paramref name="what"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<byte[]> ReadAsync(Stream stream, long limit, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(what, limit, null);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static ContentTooLargeException TooLarge(string what, long limit, long? declared) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"{what} exceeds the limit of {limit} bytes{(declared is { } d ? $" (declared {d} bytes)" : string.Empty)}"));
}
