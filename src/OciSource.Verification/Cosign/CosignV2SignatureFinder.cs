using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;

namespace OciSource.Verification.Cosign;

/// <summary>
/// Reads cosign v2 signatures: the image manifest tagged <c>&lt;alg&gt;-&lt;hex&gt;.sig</c>, whose simple-signing
/// layers carry the signature in an annotation. At most <see cref="CosignLimits.MaxLayers"/> layers are examined;
/// layers of another media type, without a signature or with one that is not base64 are skipped.
/// </summary>
internal sealed class CosignV2SignatureFinder(IManifestFetcher manifests, IBlobFetcher blobs)
{
    /// <summary>The signatures; <see langword="null"/> when there is no <c>.sig</c> tag.</summary>
    /// <exception cref="ContentTooLargeException">A payload is larger than <see cref="CosignLimits.MaxPayloadBytes"/>.</exception>
    /// <exception cref="RegistryException">The registry fails, or the tag names something other than an image manifest.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IReadOnlyList<CosignV2Signature>?> FindAsync(Digest subject, CancellationToken cancellationToken)
    {
        ManifestContent manifest;
        try
        {
            manifest = await manifests.GetManifestAsync(ReferrersTag.CosignSignature(subject), cancellationToken);
        }
        catch (RegistryNotFoundException)
        {
            return null;
        }

        var signatures = new List<CosignV2Signature>();
        var layers = manifest.ParseImageManifest().Layers
            .Where(l => l.MediaType == CosignV2Verifier.SimpleSigningMediaType)
            .Take(CosignLimits.MaxLayers);
        foreach (var layer in layers)
        {
            if (layer.Annotations?.GetValueOrDefault(CosignV2Verifier.SignatureAnnotation) is not { } encoded)
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

            var payload = await blobs.ReadBlobAsync(layer, CosignLimits.MaxPayloadBytes, cancellationToken);
            signatures.Add(new CosignV2Signature(payload, signature, layer.Annotations.ContainsKey(CosignV2Verifier.CertificateAnnotation)));
        }

        return signatures;
    }
}
