using System.Security.Cryptography.X509Certificates;
using OciSource.Distribution.Content;

namespace OciSource.Verification.Notation;

/// <summary>
/// Verifies one notation signature envelope against the artifact and a trust policy statement, offline, in
/// notation-go's order: integrity, authenticity, authentic timestamp, expiry, revocation. Each failure is enforced or
/// logged as <see cref="VerificationLevels"/> says; the outcome follows Flux's reading of notation's result: an
/// enforced failure fails; a logged authenticity failure makes the result "ignored" (no SourceVerified); other
/// logged failures leave it verified, named in the reason.
/// </summary>
/// <remarks>
/// Revocation: no OCSP or CRL request is ever made. As in notation-go, certificates that name neither an OCSP
/// responder nor a CRL distribution point are non-revokable and pass; a certificate that names one has an unknown
/// status offline, which notation treats as a revocation failure: enforced at strict, logged otherwise.
/// Authentic timestamp (<c>notary.x509</c>): every certificate must be valid now; a timestamp countersignature is not
/// verified, so it never extends validity. The <c>notary.x509.signingAuthority</c> scheme needs a verified
/// time-stamping countersignature, which is not implemented: such signatures always fail.
/// </remarks>
internal static class SignatureEvaluator
{
    /// <summary>The artifact the signature must name.</summary>
    /// <param name="Digest">Its digest.</param>
    /// <param name="Size">Its size in bytes.</param>
    /// <param name="MediaType">Its media type.</param>
    public sealed record Target(Digest Digest, long Size, string MediaType);

    /// <summary>Evaluates <paramref name="envelope"/> of <paramref name="envelopeMediaType"/>; never throws for bad input.</summary>
    public static NotationResult Evaluate(
        ReadOnlySpan<byte> envelope,
        string envelopeMediaType,
        Target target,
        TrustPolicy policy,
        IReadOnlyList<X509Certificate2> trustStore,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trustStore);
        SignatureEnvelope parsed;
        CodeSigningChain chain;
        try
        {
            parsed = envelopeMediaType == NotaryHeaders.CoseMediaType ? CoseEnvelope.Parse(envelope) : JwsEnvelope.Parse(envelope);
            chain = CodeSigningChain.Decode(parsed.CertificateChain);
        }
        catch (SignatureEnvelopeException e)
        {
            return Integrity(e.Message);
        }

        using (chain)
        {
            return Integrity(parsed, chain, target) is { } failure ? failure : Trust(parsed, chain, policy, trustStore, now);
        }
    }

    private static NotationResult? Integrity(SignatureEnvelope envelope, CodeSigningChain chain, Target target)
    {
        if (NotaryAlgorithms.ForKey(chain.Leaf) != envelope.Algorithm)
        {
            return Integrity($"the signing certificate's key does not match the signature algorithm {envelope.Algorithm}");
        }

        if (!envelope.VerifySignature(chain.Leaf))
        {
            return Integrity("the signature does not verify with the signing certificate's key: the envelope was altered or signed by another key");
        }

        var scheme = envelope.SigningScheme == NotaryHeaders.SchemeX509;
        if (chain.Validate(scheme ? envelope.SigningTime : envelope.AuthenticSigningTime) is { } chainProblem)
        {
            return Integrity("the certificate chain is invalid: " + chainProblem);
        }

        NotaryPayload payload;
        try
        {
            payload = NotaryPayload.Parse(envelope.Payload);
        }
        catch (SignatureEnvelopeException e)
        {
            return Integrity(e.Message);
        }

        if (!payload.Matches(target.Digest, target.Size, target.MediaType))
        {
            return Integrity($"the signature is for {payload.MediaType} {payload.Digest} ({payload.Size} bytes), not for the artifact {target.MediaType} {target.Digest} ({target.Size} bytes)");
        }

        return scheme
            ? null
            : NotationResult.Fail($"signing scheme {NotaryHeaders.SchemeSigningAuthority} needs the time-stamping authority's countersignature verified, which is not supported; sign with the {NotaryHeaders.SchemeX509} scheme");
    }

    private static NotationResult Trust(
        SignatureEnvelope envelope,
        CodeSigningChain chain,
        TrustPolicy policy,
        IReadOnlyList<X509Certificate2> trustStore,
        DateTimeOffset now)
    {
        var logged = new List<string>();
        var authenticityLogged = false;
        var checks = new (VerificationCheck Check, string? Problem)[]
        {
            (VerificationCheck.Authenticity, Authenticity(chain, policy, trustStore)),
            (VerificationCheck.AuthenticTimestamp, AuthenticTimestamp(envelope, chain, now)),
            (VerificationCheck.Expiry, envelope.Expiry is { } expiry && now > expiry ? $"the signature expired at {expiry:u}" : null),
            (VerificationCheck.Revocation, Revocation(chain)),
        };
        foreach (var (check, problem) in checks)
        {
            if (problem is null)
            {
                continue;
            }

            var reason = $"{Name(check)} check failed: {problem}";
            if (VerificationLevels.Action(policy.Level, check) == VerificationAction.Enforce)
            {
                return NotationResult.Fail(reason);
            }

            authenticityLogged |= check == VerificationCheck.Authenticity;
            logged.Add(reason);
        }

        var level = policy.Level.ToString().ToLowerInvariant();
        var suffix = logged.Count == 0 ? string.Empty : $"; logged at level {level}: " + string.Join("; ", logged);
        return authenticityLogged
            ? new NotationResult(NotationOutcome.Ignored, $"the signature is not trusted under trust policy statement \"{policy.Name}\"{suffix}")
            : new NotationResult(NotationOutcome.Verified, $"signed by \"{chain.Leaf.Subject}\", verified under trust policy statement \"{policy.Name}\" ({level}){suffix}");
    }

    private static string? Authenticity(CodeSigningChain chain, TrustPolicy policy, IReadOnlyList<X509Certificate2> trustStore)
    {
        if (!policy.TrustStores.Any(s => s.StartsWith("ca:", StringComparison.Ordinal)))
        {
            return $"trust policy statement \"{policy.Name}\" names no ca: trust store, which signing scheme {NotaryHeaders.SchemeX509} needs";
        }

        if (!chain.Certificates.Any(c => trustStore.Any(t => t.RawData.AsSpan().SequenceEqual(c.RawData))))
        {
            return $"the signature's certificate chain (signed by \"{chain.Leaf.Subject}\", root \"{chain.Certificates[^1].Subject}\") holds no certificate of the trust store";
        }

        return TrustedIdentityMatcher.Matches(policy.TrustedIdentities, chain.Leaf)
            ? null
            : $"the signing certificate \"{chain.Leaf.Subject}\" is not one of the trusted identities of trust policy statement \"{policy.Name}\"";
    }

    private static string? AuthenticTimestamp(SignatureEnvelope envelope, CodeSigningChain chain, DateTimeOffset now)
    {
        var problem = chain.InvalidAt(now);
        return problem is not null && envelope.HasTimestamp
            ? problem + " (the signature's timestamp countersignature is not verified, so it does not extend the validity)"
            : problem;
    }

    private static string? Revocation(CodeSigningChain chain) =>
        chain.WithRevocationInformation().FirstOrDefault() is { } certificate
            ? $"the revocation status of certificate \"{certificate.Subject}\" is unknown: it names an OCSP responder or CRL, which are not consulted offline"
            : null;

    private static NotationResult Integrity(string problem) => NotationResult.Fail("integrity check failed: " + problem);

    private static string Name(VerificationCheck check) => check switch
    {
        VerificationCheck.AuthenticTimestamp => "authenticTimestamp",
        _ => check.ToString().ToLowerInvariant(),
    };
}
