using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OciSource.Api.V1;
using OciSource.Controller.Reconciliation;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;
using OciSource.Verification.Cosign;
using OciSource.Verification.Keys;
using OciSource.Verification.Notation;
using OciSource.Verification.Sigstore;

namespace OciSource.Controller.Verification;

/// <summary>
/// Flux's verifySignature: reads the verification material named by <c>spec.verify</c> (public keys, trusted root,
/// trust policy and certificates, fresh from the API server) and verifies the signatures of a resolved manifest with
/// cosign (keyed or keyless) or notation, through the object's own registry client. Thread-safe.
/// </summary>
internal sealed partial class SourceSignatureVerifier(SecretReader secrets, TrustedRoot defaultRoot, ILogger<SourceSignatureVerifier> logger)
{
    /// <summary>Key of the Sigstore trusted root in <c>verify.trustedRootSecretRef</c>.</summary>
    public const string TrustedRootKey = "trusted_root.json";

    /// <summary>Key of notation's trust policy in <c>verify.secretRef</c>.</summary>
    public const string TrustPolicyKey = "trustpolicy.json";

    /// <summary>Largest Secret value read as a key, certificate, policy or root (the API server caps a Secret at 1 MiB).</summary>
    private const int MaxValueBytes = 1024 * 1024;

    /// <summary>The provider as Flux names it in messages: <c>cosign</c>, <c>cosign keyless</c> (no secretRef), <c>notation</c>.</summary>
    public static string ProviderName(OCIRepositoryVerification verify)
    {
        ArgumentNullException.ThrowIfNull(verify);
        return verify.Provider == "cosign" && verify.SecretRef is null ? "cosign keyless" : verify.Provider;
    }

    /// <summary>Verifies <paramref name="subject"/> as <paramref name="verify"/> asks, for an object in <paramref name="ns"/>.</summary>
    /// <returns>Verified, or Ignored when notation's policy does not enforce the result.</returns>
    /// <exception cref="SignatureVerificationException">
    /// The material is missing or malformed, no signature verifies, the provider is unknown, or the registry failed while
    /// signatures were looked up (its message, which never holds credentials).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<SignatureOutcome> VerifyAsync(OCIRepositoryVerification verify, string ns, VerificationSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verify);
        ArgumentNullException.ThrowIfNull(subject);
        try
        {
            switch (verify.Provider)
            {
                case "cosign":
                    await VerifyCosignAsync(verify, ns, subject, cancellationToken);
                    return SignatureOutcome.Verified;
                case "notation":
                    return await VerifyNotationAsync(verify, ns, subject, cancellationToken);
                default:
                    throw new SignatureVerificationException($"unsupported verification provider: {verify.Provider}");
            }
        }
        catch (Exception e) when (e is CosignSignatureException or SigstoreVerificationException or RegistryException or SecretReadException)
        {
            throw new SignatureVerificationException(e.Message, e);
        }
    }

    private static ReferrersLister Referrers(VerificationSubject subject) => new(subject.Client);

    private static byte[] Value(V1Secret secret, string key) =>
        secret.Data?.TryGetValue(key, out var bytes) == true && bytes is not null ? bytes : [];

    private static string Name(string ns, V1Secret secret) => $"{ns}/{secret.Metadata.Name}";

    private async Task VerifyCosignAsync(OCIRepositoryVerification verify, string ns, VerificationSubject subject, CancellationToken cancellationToken)
    {
        // As Flux, the trusted root is read (and must be valid) whenever it is named, also for keyed verification.
        var root = verify.TrustedRootSecretRef is { } rootRef ? await ReadTrustedRootAsync(ns, rootRef.Name, cancellationToken) : defaultRoot;
        var verifier = new CosignVerifier(subject.Client, subject.Client, Referrers(subject));
        if (verify.SecretRef is { } keysRef)
        {
            var keys = await ReadPublicKeysAsync(ns, keysRef.Name, cancellationToken);
            try
            {
                await verifier.VerifyWithKeysAsync(subject.Digest, subject.Display, keys, cancellationToken);
            }
            finally
            {
                foreach (var key in keys)
                {
                    key.Dispose();
                }
            }

            return;
        }

        LogKeyless(logger, ns, subject.Display);
        await verifier.VerifyKeylessAsync(subject.Digest, subject.Display, root, Identities(verify), cancellationToken);
    }

    /// <summary>
    /// The <c>matchOIDCIdentity</c> pairs. Unlike Flux's legacy path, an empty list is refused: without an identity any
    /// certificate the public Fulcio issues to anyone would be accepted, which verifies nothing.
    /// </summary>
    private static List<CertificateIdentity> Identities(OCIRepositoryVerification verify)
    {
        var matches = verify.MatchOidcIdentity ?? [];
        if (matches.Count == 0)
        {
            throw new SignatureVerificationException(
                "keyless verification needs at least one spec.verify.matchOIDCIdentity entry (issuer and subject regular expressions); " +
                "without one any Sigstore certificate would be accepted");
        }

        var identities = new List<CertificateIdentity>(matches.Count);
        foreach (var match in matches)
        {
            try
            {
                identities.Add(new CertificateIdentity(match.Issuer, match.Subject));
            }
            catch (ArgumentException e)
            {
                throw new SignatureVerificationException($"invalid matchOIDCIdentity regular expression (issuer '{match.Issuer}', subject '{match.Subject}'): {e.Message}", e);
            }
        }

        return identities;
    }

    private async Task<TrustedRoot> ReadTrustedRootAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var where = $"failed to read trusted root from secret '{ns}/{name}'";
        V1Secret secret;
        try
        {
            secret = await secrets.ReadAsync(ns, name, cancellationToken);
        }
        catch (SecretReadException e)
        {
            throw new SignatureVerificationException($"{where}: {e.Message}", e);
        }

        if (secret.Data?.ContainsKey(TrustedRootKey) != true)
        {
            throw new SignatureVerificationException($"{where}: '{TrustedRootKey}' not found in secret '{ns}/{name}'");
        }

        try
        {
            return TrustedRoot.Parse(Value(secret, TrustedRootKey));
        }
        catch (SigstoreVerificationException e)
        {
            throw new SignatureVerificationException($"{where}: {e.Message}", e);
        }
    }

    /// <summary>Every value whose key ends in <c>.pub</c>, in ordinal key order (Flux uses Go's random map order; the first key that verifies wins either way).</summary>
    private async Task<List<VerificationKey>> ReadPublicKeysAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var secret = await secrets.ReadAsync(ns, name, cancellationToken);
        var keys = ParseEach<VerificationKey>(secret, ns, [".pub"], "public key", value => [PublicKeyPem.Parse(Encoding.UTF8.GetString(value))]);
        return keys.Count > 0
            ? keys
            : throw new SignatureVerificationException($"no public keys found in secret '{Name(ns, secret)}': cosign keys must be stored under keys ending in '.pub'");
    }

    private async Task<SignatureOutcome> VerifyNotationAsync(OCIRepositoryVerification verify, string ns, VerificationSubject subject, CancellationToken cancellationToken)
    {
        if (verify.SecretRef is not { } secretRef)
        {
            throw new SignatureVerificationException($"verification secret cannot be empty: '{subject.Display}'");
        }

        var secret = await secrets.ReadAsync(ns, secretRef.Name, cancellationToken);
        if (secret.Data?.ContainsKey(TrustPolicyKey) != true)
        {
            throw new SignatureVerificationException($"'{TrustPolicyKey}' not found in secret '{Name(ns, secret)}'");
        }

        TrustPolicyDocument policy;
        try
        {
            policy = TrustPolicyParser.Parse(Value(secret, TrustPolicyKey));
        }
        catch (TrustPolicyException e)
        {
            throw new SignatureVerificationException($"error occurred while parsing {TrustPolicyKey}: {e.Message}", e);
        }

        var certificates = ReadCertificates(secret, ns);
        try
        {
            var descriptor = await subject.Client.ResolveAsync(subject.Digest.ToString(), cancellationToken);
            var verifier = new NotationVerifier(subject.Client, subject.Client, Referrers(subject));
            var result = await verifier.VerifyAsync(
                subject.Digest, descriptor.Size, descriptor.MediaType ?? string.Empty, subject.Repository.ToString(), policy, certificates, cancellationToken);
            switch (result.Outcome)
            {
                case NotationOutcome.Verified:
                    return SignatureOutcome.Verified;
                case NotationOutcome.Ignored:
                    LogNotationIgnored(logger, ns, subject.Display, result.Reason);
                    return SignatureOutcome.Ignored;
                default:
                    throw new SignatureVerificationException(result.Reason);
            }
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>Every certificate (PEM, one or more per value, or DER) under keys ending in <c>.crt</c> or <c>.pem</c>, in ordinal key order.</summary>
    private static List<X509Certificate2> ReadCertificates(V1Secret secret, string ns)
    {
        var certificates = ParseEach<X509Certificate2>(secret, ns, [".crt", ".pem"], "certificate", ParseCertificates);
        return certificates.Count > 0
            ? certificates
            : throw new SignatureVerificationException($"no certificates found in secret '{Name(ns, secret)}'");
    }

    /// <summary>
    /// Parses every value whose key ends in one of <paramref name="suffixes"/>, in ordinal key order. A value that does
    /// not parse disposes what was parsed and fails naming its key.
    /// </summary>
    private static List<T> ParseEach<T>(V1Secret secret, string ns, string[] suffixes, string what, Func<byte[], IEnumerable<T>> parse)
        where T : IDisposable
    {
        var parsed = new List<T>();
        foreach (var entry in (secret.Data ?? new Dictionary<string, byte[]>())
            .Where(e => suffixes.Any(suffix => e.Key.EndsWith(suffix, StringComparison.Ordinal)))
            .OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            try
            {
                parsed.AddRange(parse(entry.Value ?? []));
            }
            catch (Exception e) when (e is KeyFormatException or CryptographicException)
            {
                parsed.ForEach(p => p.Dispose());
                throw new SignatureVerificationException($"failed to read {what} '{entry.Key}' from secret '{Name(ns, secret)}': {e.Message}", e);
            }
        }

        return parsed;
    }

    private static X509Certificate2Collection ParseCertificates(byte[] value)
    {
        if (value.Length > MaxValueBytes)
        {
            throw new CryptographicException($"larger than {MaxValueBytes} bytes");
        }

        var text = Encoding.ASCII.GetString(value);
        if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return [X509CertificateLoader.LoadCertificate(value)];
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(text);
        return collection;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}: no secret reference is provided, verifying {Reference} with the keyless method")]
    private static partial void LogKeyless(ILogger logger, string @namespace, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespace}: notation verification of {Reference} is not enforced by the trust policy: {Reason}")]
    private static partial void LogNotationIgnored(ILogger logger, string @namespace, string reference, string reason);
}
