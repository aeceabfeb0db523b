using System.Globalization;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Transport;

/// <summary>Reads small response bodies (manifests, tag pages, tokens, errors) with a hard size limit.</summary>
internal static class BoundedContent
{
    /// <summary>Reads the whole body, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="ContentTooLargeException">The declared or actual length exceeds the limit.</exception>
    public static async Task<byte[]> ReadAsync(HttpContent content, long limit, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw TooLarge(what, limit, declared);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(what, limit, null);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes and drops the rest (for error bodies shown to users).</summary>
    public static async Task<byte[]> ReadPrefixAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit];
        var total = 0;
        int read;
        while (total < limit && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    private static ContentTooLargeException TooLarge(string what, long limit, long? declared) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"{what} exceeds the limit of {limit} bytes{(declared is { } d ? $" (declared {d} bytes)" : string.Empty)}"));
}
