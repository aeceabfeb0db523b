using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Client;

/// <summary>Reading small blobs (signature payloads, bundles) whole.</summary>
public static class BlobFetcherExtensions
{
    /// <summary>The blob's bytes, size and digest checked as <see cref="IBlobFetcher.OpenBlobAsync"/> checks them.</summary>
    /// <exception cref="ContentTooLargeException">The descriptor declares more than <paramref name="limit"/> bytes (nothing is requested then), or the body holds more.</exception>
    /// <exception cref="RegistryException">The fetch fails (see <see cref="IBlobFetcher.OpenBlobAsync"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<byte[]> ReadBlobAsync(this IBlobFetcher blobs, Descriptor descriptor, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(descriptor);
        var what = $"blob {descriptor.DigestText}";
        if (descriptor.Size is < 0 || descriptor.Size > limit)
        {
            throw BoundedReader.TooLarge(what, limit, descriptor.Size);
        }

        await using var stream = await blobs.OpenBlobAsync(descriptor, cancellationToken);
        return await BoundedReader.ReadAsync(stream, limit, what, cancellationToken);
    }
}
