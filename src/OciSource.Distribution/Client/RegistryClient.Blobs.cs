using System.Globalization;
using System.Net;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Client;

public sealed partial class RegistryClient
{
    public async Task<bool> BlobExistsAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        var digest = BlobDigest(descriptor);
        using var request = new HttpRequestMessage(HttpMethod.Head, RepositoryUri("blobs/" + digest));
        try
        {
            using var response = await SendAsync(request, $"check blob {digest} of {Repository}", cancellationToken);
            return response.Content.Headers.ContentLength is not { } length || length == descriptor.Size;
        }
        catch (RegistryNotFoundException)
        {
            return false;
        }
    }

    public async Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        var digest = BlobDigest(descriptor);
        var what = $"blob {digest} of {Repository}";
        var first = await OpenBlobAtAsync(digest, descriptor.Size, 0, what, cancellationToken);
        var resumable = new ResumableBlobStream(
            first, descriptor.Size, (offset, ct) => OpenBlobAtAsync(digest, descriptor.Size, offset, what, ct), _options.Retry, _logger, what);
        return new VerifyingReadStream(resumable, digest, descriptor.Size, what);
    }

    /// <summary>
    /// GETs the blob from <paramref name="offset"/>: a <c>Range</c> request answered with 206 continues there; a 200
    /// (no range support) is the whole blob, whose first <paramref name="offset"/> bytes are skipped. A declared
    /// length that disagrees with the descriptor fails before any byte is read.
    /// </summary>
    private async Task<Stream> OpenBlobAtAsync(Digest digest, long size, long offset, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RepositoryUri("blobs/" + digest));
        if (offset > 0)
        {
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, null);
        }

        var response = await SendAsync(request, $"fetch {what}", cancellationToken);
        try
        {
            var partial = response.StatusCode == HttpStatusCode.PartialContent;
            var start = partial ? response.Content.Headers.ContentRange?.From ?? -1 : 0;
            if (partial && start != offset)
            {
                throw new RegistryException(string.Create(CultureInfo.InvariantCulture, $"fetch {what}: asked for bytes from {offset}, got a range from {start}"));
            }

            if (response.Content.Headers.ContentLength is { } length && length != size - start)
            {
                throw new DigestMismatchException(string.Create(
                    CultureInfo.InvariantCulture, $"{what}: the registry sends {length + start} bytes, the descriptor says {size}"));
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await SkipAsync(stream, offset - start, cancellationToken);
            return stream;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <exception cref="UnsupportedManifestException">The descriptor's digest does not parse or its size is negative.</exception>
    private Digest BlobDigest(Descriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return Digest.TryParse(descriptor.DigestText, out var digest) && descriptor.Size >= 0
            ? digest
            : throw new UnsupportedManifestException($"invalid blob descriptor in {Repository}: digest '{descriptor.DigestText}', size {descriptor.Size}");
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                throw new IOException("the blob ended before the resume offset");
            }

            count -= read;
        }
    }
}
