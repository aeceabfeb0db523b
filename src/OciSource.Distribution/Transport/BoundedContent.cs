using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Transport;

/// <summary>Reads small response bodies (manifests, tag pages, tokens, errors) with a hard size limit.</summary>
internal static class BoundedContent
{
    /// <summary>Reads the whole body, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="ContentTooLargeException">The declared or actual length exceeds the limit.</exception>
    /// <exception cref="RegistryException">The connection broke or stayed idle past the read idle timeout while reading.</exception>
    public static async Task<byte[]> ReadAsync(HttpContent content, long limit, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw BoundedReader.TooLarge(what, limit, declared);
        }

        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            return await BoundedReader.ReadAsync(stream, limit, what, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"read {what}: {ex.Message}", innerException: ex);
        }
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
}
