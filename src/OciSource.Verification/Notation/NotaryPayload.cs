using System.Text.Json;
using OciSource.Distribution.Content;

namespace OciSource.Verification.Notation;

/// <summary>
/// The signed notary payload (<c>application/vnd.cncf.notary.payload.v1+json</c>): <c>{"targetArtifact": descriptor}</c>.
/// </summary>
/// <param name="MediaType">The signed artifact's media type.</param>
/// <param name="Digest">The signed artifact's digest, as written.</param>
/// <param name="Size">The signed artifact's size.</param>
internal sealed record NotaryPayload(string MediaType, string Digest, long Size)
{
    /// <exception cref="SignatureEnvelopeException">The payload is not a notary payload; the only exception thrown.</exception>
    public static NotaryPayload Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("targetArtifact", out var target)
                || target.ValueKind != JsonValueKind.Object)
            {
                throw new SignatureEnvelopeException("the signed payload has no targetArtifact object");
            }

            return target.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String
                && target.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String
                && target.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var length)
                ? new NotaryPayload(mediaType.GetString()!, digest.GetString()!, length)
                : throw new SignatureEnvelopeException("the signed targetArtifact needs mediaType, digest and size");
        }
        catch (JsonException e)
        {
            throw new SignatureEnvelopeException("the signed payload is not valid JSON: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new SignatureEnvelopeException("the signed payload holds invalid UTF-8 text: " + e.Message, e);
        }
    }

    /// <summary>Whether the payload names the subject: same digest, size and media type (notation-go's descriptor match).</summary>
    public bool Matches(Digest subject, long size, string mediaType) =>
        Digest == subject.ToString() && Size == size && MediaType == mediaType;
}
