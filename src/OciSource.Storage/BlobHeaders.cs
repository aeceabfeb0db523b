using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace OciSource.Storage;

/// <summary>
/// The response headers that follow from a blob's digest (its directory names the algorithm, its name is the hex) and its write time, formatted once
/// each time the blob is opened: a blob's bytes never change, so neither do its <c>ETag</c>, <c>Digest</c> and
/// <c>Content-Digest</c>.
/// </summary>
internal sealed record BlobHeaders(
    DateTimeOffset LastModified, EntityTagHeaderValue EntityTag, StringValues ETag, StringValues LastModifiedText, StringValues Digest, StringValues ContentDigest)
{
    /// <param name="digest">The blob's digest, <c>&lt;algorithm&gt;:&lt;lowercase hex&gt;</c>.</param>
    /// <remarks>
    /// <c>Digest</c> and <c>Content-Digest</c> are set only for the algorithms those headers register (<c>sha-256</c>,
    /// <c>sha-512</c>); for the others they are empty, which leaves them out of the response.
    /// </remarks>
    public static BlobHeaders Create(string digest, DateTimeOffset lastModified)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var headerName = digest[..colon] switch
        {
            "sha256" => "sha-256",
            "sha512" => "sha-512",
            _ => null,
        };
        var tag = $"\"{digest}\"";
        var base64 = headerName is null ? null : Convert.ToBase64String(Convert.FromHexString(digest.AsSpan(colon + 1)));
        return new BlobHeaders(
            lastModified,
            new EntityTagHeaderValue(tag),
            tag,
            HeaderUtilities.FormatDate(lastModified),
            base64 is null ? StringValues.Empty : $"{headerName}={base64}",
            base64 is null ? StringValues.Empty : $"{headerName}=:{base64}:");
    }
}
