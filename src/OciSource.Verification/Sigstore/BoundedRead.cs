namespace OciSource.Verification.Sigstore;

/// <summary>Reads a stream to its end, refusing more than a limit.</summary>
internal static class BoundedRead
{
    /// <exception cref="SigstoreVerificationException">The stream holds more than <paramref name="limit"/> bytes.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<byte[]> ReadAsync(Stream stream, int limit, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limit)
            {
                throw new SigstoreVerificationException($"The {what} is larger than {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
