using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OciSource.Verification.Keys;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// Verifies Sigstore bundles (v0.1 to v0.3; message signatures and DSSE in-toto envelopes) against a trusted root:
/// the signature over the artifact, every transparency-log entry (Rekor v1 and v2), RFC 3161 timestamps, and either
/// the given public key or the Fulcio certificate (chain at the signing times, SCTs, identity). At least one verified
/// signing time (a signed Rekor v1 integrated time or a timestamp) is required. Thread-safe.
/// </summary>
public sealed class BundleVerifier
{
    /// <summary>Largest bundle accepted, in bytes.</summary>
    public const int MaxBundleSize = Bundle.MaxSize;

    private readonly TrustedRoot root;

    /// <summary>Creates a verifier for <paramref name="root"/>.</summary>
    public BundleVerifier(TrustedRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        this.root = root;
    }

    /// <summary>Verifies <paramref name="bundleJson"/> for the artifact whose SHA-256 is <paramref name="artifactSha256"/>.</summary>
    /// <remarks>
    /// With <see cref="VerificationPolicy.IgnoreTransparencyLog"/> (keyed only) the log entries and timestamps are not
    /// checked and the result has no signing time; every other policy requires them.
    /// </remarks>
    /// <returns>The verified signing times (none in the offline keyed mode) and the matched identity.</returns>
    /// <exception cref="SigstoreVerificationException">The bundle does not verify; the message says which check failed.</exception>
    public VerificationResult Verify(ReadOnlySpan<byte> bundleJson, ReadOnlySpan<byte> artifactSha256, VerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (artifactSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("The artifact digest must be a SHA-256 digest (32 bytes).", nameof(artifactSha256));
        }

        var digest = artifactSha256.ToArray();
        var bundle = Bundle.Parse(bundleJson);
        using var certificateKey = SignerKey(bundle, policy);
        var key = policy.Key ?? certificateKey!;
        var signature = VerifySignature(bundle, key, digest);
        if (policy.IgnoreTransparencyLog)
        {
            // Keyed and offline only (VerificationPolicy.ForKeyOffline): SignerKey refused a certificate above.
            return new VerificationResult([], null, null);
        }

        var content = new SignedContent(signature, digest, bundle.Envelope, bundle.Certificate?.RawData, key.SubjectPublicKeyInfo.ToArray());

        if (bundle.Entries.Count == 0)
        {
            throw new SigstoreVerificationException("The bundle has no transparency-log entry.");
        }

        var times = new List<DateTimeOffset>();
        foreach (var entry in bundle.Entries)
        {
            if (LogEntryVerifier.Verify(entry, bundle.MinorVersion, content, root) is { } integrated)
            {
                times.Add(integrated);
            }
        }

        times.AddRange(bundle.Timestamps.Select(t => TimestampVerifier.Verify(t, signature, root)));
        if (times.Count == 0)
        {
            throw new SigstoreVerificationException("The bundle has no verified signing time (no signed Rekor integrated time and no RFC 3161 timestamp).");
        }

        if (bundle.Certificate is null)
        {
            return new VerificationResult(times, null, null);
        }

        var (issuer, subject) = VerifyCertificate(bundle.Certificate, times, policy.Identities);
        return new VerificationResult(times, issuer, subject);
    }

    private static VerificationKey? SignerKey(Bundle bundle, VerificationPolicy policy)
    {
        if (policy.Key is not null)
        {
            return bundle.Certificate is null
                ? null
                : throw new SigstoreVerificationException("The bundle is signed with a certificate, but a public key was given: verify it with a certificate identity.");
        }

        if (bundle.Certificate is null)
        {
            throw new SigstoreVerificationException("The bundle is signed with a key, not a certificate: verify it with the public key.");
        }

        try
        {
            return PublicKeyPem.FromSubjectPublicKeyInfo(bundle.Certificate.PublicKey.ExportSubjectPublicKeyInfo());
        }
        catch (KeyFormatException e)
        {
            throw new SigstoreVerificationException("The signing certificate's key cannot be used: " + e.Message, e);
        }
    }

    private static byte[] VerifySignature(Bundle bundle, VerificationKey key, byte[] digest)
    {
        try
        {
            if (bundle.MessageSignature is { } message)
            {
                if (message.Digest is not null && !message.Digest.AsSpan().SequenceEqual(digest))
                {
                    throw new SigstoreVerificationException("The bundle's message digest is not the artifact's digest: the bundle is for another artifact.");
                }

                return key.VerifyDigest(digest, HashAlgorithmName.SHA256, message.Signature)
                    ? message.Signature
                    : throw new SigstoreVerificationException("The signature does not verify for this artifact with the signer's key.");
            }

            var envelope = bundle.Envelope!;
            if (!key.VerifyData(envelope.Pae(), envelope.Signature))
            {
                throw new SigstoreVerificationException("The DSSE envelope's signature does not verify with the signer's key.");
            }

            InTotoStatement.RequireSubject(envelope, digest);
            return envelope.Signature;
        }
        catch (KeyFormatException e)
        {
            throw new SigstoreVerificationException(e.Message, e);
        }
    }

    private (string Issuer, string Subject) VerifyCertificate(X509Certificate2 leaf, IReadOnlyList<DateTimeOffset> times, IReadOnlyList<CertificateIdentity> identities)
    {
        IReadOnlyList<X509Certificate2>? chain = null;
        foreach (var time in times)
        {
            chain = root.CertificateAuthorities
                .Where(ca => ca.ValidFor.Contains(time))
                .Select(ca => ChainBuilder.Build(leaf, ca.Chain, time))
                .FirstOrDefault(c => c is not null)
                ?? throw new SigstoreVerificationException($"The signing certificate does not chain to a Fulcio CA of the trusted root valid at the signing time {time:O} (expired, or from another instance).");
        }

        if (chain!.Count < 2)
        {
            throw new SigstoreVerificationException("The signing certificate is itself a root of the trusted root.");
        }

        SignedCertificateTimestamps.Verify(leaf, chain[1], root);
        var issuer = FulcioIdentity.Issuer(leaf)
            ?? throw new SigstoreVerificationException("The signing certificate names no OIDC issuer.");
        var subjects = FulcioIdentity.SubjectAlternativeNames(leaf);
        var match = identities.FirstOrDefault(i => i.Matches(issuer, subjects))
            ?? throw new SigstoreVerificationException(
                $"The signer's identity (issuer '{issuer}', subject '{string.Join("', '", subjects)}') matches none of the expected identities.");
        return (issuer, subjects.First(s => match.Matches(issuer, [s])));
    }
}
