using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;
using OciSource.Verification.Keys;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Cosign;

/// <summary>
/// Verifies the cosign signatures of one artifact as Flux's cosign provider does: v3 Sigstore bundles attached as
/// referrers first (found through the given <see cref="IReferrersLister"/>), v2 <c>.sig</c> signatures only when
/// there is no bundle at all. (Flux also falls back to v2 when bundles exist but none verifies; here a bundle that
/// exists decides.) The subject is always the resolved manifest or index digest, and every signature must name it:
/// the in-toto statement subject of a bundle, or the simple-signing payload of a v2 signature. How much is examined
/// is bounded by <see cref="CosignLimits"/>. Thread-safe when the registry clients are.
/// </summary>
public sealed class CosignVerifier
{
    private readonly CosignBundleFinder _bundles;
    private readonly CosignV2Verifier _v2;
    private readonly CosignV2SignatureFinder _v2Signatures;

    public CosignVerifier(IManifestFetcher manifests, IBlobFetcher blobs, IReferrersLister referrers)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(referrers);
        _bundles = new CosignBundleFinder(manifests, blobs, referrers);
        _v2 = new CosignV2Verifier(manifests, blobs);
        _v2Signatures = new CosignV2SignatureFinder(manifests, blobs);
    }

    /// <summary>
    /// Keyed (Flux: the first key that verifies wins), offline, transparency log ignored. v3 bundles first; v2
    /// <c>.sig</c> only when there are no bundles.
    /// </summary>
    /// <param name="subject">The resolved manifest or index digest (bundles need a SHA-256 one).</param>
    /// <param name="display">The <c>repo@digest</c> shown in messages.</param>
    /// <param name="keys">The public keys, tried in order; the caller keeps ownership.</param>
    /// <exception cref="ArgumentException"><paramref name="keys"/> is empty.</exception>
    /// <exception cref="CosignSignatureException">No signature verifies; the message starts with Flux's <c>no matching signatures were found for '&lt;display&gt;'</c> and says why the last candidate failed.</exception>
    /// <exception cref="RegistryException">The registry fails (auth, transport, limits, digests, malformed documents).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task VerifyWithKeysAsync(Digest subject, string display, IReadOnlyList<VerificationKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(display);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one public key is needed.", nameof(keys));
        }

        var bundles = await _bundles.FindAsync(subject, cancellationToken);
        if (bundles.Count == 0)
        {
            await _v2.VerifyAsync(subject, display, KeySignatureCheck.Any(keys), cancellationToken);
            return;
        }

        VerifyBundles(subject, display, bundles, TrustedRoot.Production, keys.Select(VerificationPolicy.ForKeyOffline).ToArray());
    }

    /// <summary>
    /// Keyless: v3 bundles verified by <see cref="BundleVerifier"/> against <paramref name="root"/> and
    /// <paramref name="identities"/> (certificate chain at the signing time, SCTs, transparency log, timestamps,
    /// identity); none of these checks is ever skipped. v2 keyless <c>.sig</c> signatures (certificate and Rekor bundle
    /// annotations) are not verified: when they are all there is, this fails closed and says so.
    /// </summary>
    /// <param name="subject">The resolved manifest or index digest (a SHA-256 one).</param>
    /// <param name="display">The <c>repo@digest</c> shown in messages.</param>
    /// <param name="root">The Sigstore trusted root (Fulcio CAs, Rekor and CT logs, timestamp authorities).</param>
    /// <param name="identities">The accepted OIDC issuer and subject patterns, OR-ed.</param>
    /// <exception cref="CosignSignatureException">No signature verifies, no identity is given, or only v2 keyless signatures exist.</exception>
    /// <exception cref="RegistryException">The registry fails (auth, transport, limits, digests, malformed documents).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task VerifyKeylessAsync(Digest subject, string display, TrustedRoot root, IReadOnlyList<CertificateIdentity> identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(display);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(identities);
        if (identities.Count == 0)
        {
            throw new CosignSignatureException(
                $"keyless verification of '{display}' needs at least one identity (matchOIDCIdentity with an issuer and a subject)");
        }

        var bundles = await _bundles.FindAsync(subject, cancellationToken);
        if (bundles.Count > 0)
        {
            VerifyBundles(subject, display, bundles, root, [VerificationPolicy.ForIdentities(identities)]);
            return;
        }

        var signatures = await _v2Signatures.FindAsync(subject, cancellationToken);
        if (signatures is null or { Count: 0 })
        {
            throw CosignFailures.NoSignature(display);
        }

        throw CosignFailures.NoneVerified(
            display,
            signatures.Count,
            "cosign v2 signature",
            signatures.Any(s => s.Keyless)
                ? "keyless cosign v2 signatures (.sig with a certificate) are not supported; sign with cosign's bundle format (cosign 3 default) or verify with a key"
                : "it is a keyed signature; verify it with the public key");
    }

    /// <exception cref="CosignSignatureException">No bundle verifies under any of <paramref name="policies"/>.</exception>
    private static void VerifyBundles(Digest subject, string display, IReadOnlyList<byte[]> bundles, TrustedRoot root, IReadOnlyList<VerificationPolicy> policies)
    {
        if (subject.Algorithm != Digest.Sha256)
        {
            throw CosignFailures.NoneVerified(display, bundles.Count, "cosign bundle", $"bundles sign SHA-256 digests, the artifact's is {subject.Algorithm}");
        }

        var digest = Convert.FromHexString(subject.Hex);
        var verifier = new BundleVerifier(root);
        SigstoreVerificationException? last = null;
        foreach (var policy in policies)
        {
            foreach (var bundle in bundles)
            {
                try
                {
                    verifier.Verify(bundle, digest, policy);
                    return;
                }
                catch (SigstoreVerificationException e)
                {
                    last = e;
                }
            }
        }

        throw CosignFailures.NoneVerified(display, bundles.Count, "cosign bundle", last!.Message, last);
    }
}
