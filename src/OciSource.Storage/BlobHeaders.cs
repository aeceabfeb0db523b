using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace OciSource.Storage;

/// <summary>
/// The response headers that follow from a blob's name (the sha256 of its bytes) and its write time, formatted once
/// each time the blob is opened: a blob's bytes never change, so neither do its <c>ETag</c>, <c>Digest</c> and
/// <c>Content-Digest</c>.
/// </summary>
internal sealed record BlobHeaders(
    DateTimeOffset LastModified, EntityTagHeaderValue EntityTag, StringValues ETag, StringValues LastModifiedText, StringValues Digest, StringValues ContentDigest)
{
    /// <param name="hex">The blob's name: 64 lowercase hex digits.</param>
    public static BlobHeaders Create(string hex, DateTimeOffset lastModified)
    {
        var digest = Convert.ToBase64String(Convert.FromHexString(hex));
        var tag = $"\"sha256:{hex}\"";
        return new BlobHeaders(
            lastModified, new EntityTagHeaderValue(tag), tag, HeaderUtilities.FormatDate(lastModified), $"sha-256={digest}", $"sha-256=:{digest}:");
    }
}
