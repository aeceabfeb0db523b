namespace OciSource.Testing;

/// <summary>Reads a whole stream that is expected to be small, refusing to hold more than a given size.</summary>
internal static class BoundedReader
{
    /// <summary>Every byte up to the end of <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"body larger than {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
