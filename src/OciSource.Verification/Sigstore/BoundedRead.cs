using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Verification.Sigstore;

/// <summary>Reads a stream to its end, refusing more than a limit (Distribution's <see cref="BoundedReader"/> with Sigstore's error).</summary>
internal static class BoundedRead
{
    /// <exception cref="SigstoreVerificationException">The stream holds more than <paramref name="limit"/> bytes.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<byte[]> ReadAsync(Stream stream, int limit, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await BoundedReader.ReadAsync(stream, limit, what, cancellationToken).ConfigureAwait(false);
        }
        catch (ContentTooLargeException)
        {
            throw new SigstoreVerificationException($"The {what} is larger than {limit} bytes.");
        }
    }
}
