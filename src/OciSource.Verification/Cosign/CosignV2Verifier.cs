using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;

namespace OciSource.Verification.Cosign;

/// <summary>
/// Keyed verification of cosign v2 signatures (tag <c>sha256-&lt;hex&gt;.sig</c>), offline: the transparency log is
/// ignored, as Flux does for keyed verification.
/// </summary>
public sealed class CosignV2Verifier
{
    /// <summary>Annotation carrying the base64 signature on each simple-signing layer.</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>Media type of cosign's simple-signing payload layers.</summary>
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>Largest payload blob read.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    private readonly IManifestFetcher _manifests;
    private readonly IBlobFetcher _blobs;

    public CosignV2Verifier(IManifestFetcher manifests, IBlobFetcher blobs)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(blobs);
        _manifests = manifests;
        _blobs = blobs;
    }

    /// <summary>
    /// Succeeds when one layer of the <c>.sig</c> manifest carries a signature that <paramref name="check"/> accepts
    /// over its payload, and that payload names <paramref name="subject"/> with cosign's type; the first one wins.
    /// </summary>
    /// <param name="display">The <c>repo@digest</c> shown in the error.</param>
    /// <exception cref="CosignSignatureException">No signature verifies (or there is no <c>.sig</c> tag).</exception>
    /// <exception cref="RegistryException">The registry fails (other than the tag being absent).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task VerifyAsync(Digest subject, string display, SignatureCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var failure = new CosignSignatureException($"no matching signatures were found for '{display}'");
        ManifestContent manifest;
        try
        {
            manifest = await _manifests.GetManifestAsync(ReferrersTag.CosignSignature(subject), cancellationToken);
        }
        catch (RegistryNotFoundException)
        {
            throw failure;
        }

        foreach (var layer in manifest.ParseImageManifest().Layers)
        {
            if (layer.MediaType != SimpleSigningMediaType || layer.Size > MaxPayloadBytes ||
                layer.Annotations?.GetValueOrDefault(SignatureAnnotation) is not { } encoded)
            {
                continue;
            }

            byte[] signature;
            try
            {
                signature = Convert.FromBase64String(encoded);
            }
            catch (FormatException)
            {
                continue;
            }

            var payload = await _blobs.ReadBlobAsync(layer, MaxPayloadBytes, cancellationToken);
            if (check(payload, signature) && SimpleSigningPayload.NamesDigest(payload, subject.ToString()))
            {
                return;
            }
        }

        throw failure;
    }
}
