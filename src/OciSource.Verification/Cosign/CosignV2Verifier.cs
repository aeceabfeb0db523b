using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Verification.Cosign;

/// <summary>
/// Keyed verification of cosign v2 signatures (tag <c>sha256-&lt;hex&gt;.sig</c>), offline: the transparency log is
/// ignored, as Flux does for keyed verification. The signature is checked over the payload bytes (never over a
/// digest, so Ed25519 keys work), and the payload must name the subject digest with cosign's type.
/// </summary>
public sealed class CosignV2Verifier
{
    /// <summary>Annotation carrying the base64 signature on each simple-signing layer.</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>Annotation carrying the Fulcio certificate of a keyless v2 signature.</summary>
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";

    /// <summary>Media type of cosign's simple-signing payload layers.</summary>
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    private readonly CosignV2SignatureFinder _finder;

    public CosignV2Verifier(IManifestFetcher manifests, IBlobFetcher blobs)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(blobs);
        _finder = new CosignV2SignatureFinder(manifests, blobs);
    }

    /// <summary>
    /// Succeeds when one layer of the <c>.sig</c> manifest carries a signature that <paramref name="check"/> accepts
    /// over its payload, and that payload names <paramref name="subject"/> with cosign's type; the first one wins.
    /// </summary>
    /// <param name="display">The <c>repo@digest</c> shown in the error.</param>
    /// <exception cref="CosignSignatureException">
    /// No signature verifies: Flux's <c>no matching signatures were found for '&lt;display&gt;'</c> when there is none,
    /// followed by the count and the reason the last one failed when there are some.
    /// </exception>
    /// <exception cref="RegistryException">The registry fails (other than the tag being absent).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task VerifyAsync(Digest subject, string display, SignatureCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var signatures = await _finder.FindAsync(subject, cancellationToken);
        if (signatures is null or { Count: 0 })
        {
            throw CosignFailures.NoSignature(display);
        }

        var reason = string.Empty;
        foreach (var signature in signatures)
        {
            if (!check(signature.Payload, signature.Signature))
            {
                reason = "its signature does not verify with the given key(s)";
            }
            else if (!SimpleSigningPayload.NamesDigest(signature.Payload, subject.ToString()))
            {
                reason = $"its signed payload is not a cosign payload naming {subject} (a signature of another artifact)";
            }
            else
            {
                return;
            }
        }

        throw CosignFailures.NoneVerified(display, signatures.Count, "cosign v2 signature", reason);
    }
}
