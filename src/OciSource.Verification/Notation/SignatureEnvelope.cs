using System.Security.Cryptography.X509Certificates;

namespace OciSource.Verification.Notation;

/// <summary>
/// A parsed notation signature envelope (JWS or COSE_Sign1): the signed payload, the signed attributes and the
/// unsigned certificate chain (leaf first). Parsing validates the shape and the critical headers; the signature itself
/// is checked by <see cref="VerifySignature"/>.
/// </summary>
internal abstract class SignatureEnvelope
{
    /// <summary>The signed payload (the notary payload JSON).</summary>
    public required byte[] Payload { get; init; }

    /// <summary>The signature algorithm as notation names it: ES256, ES384, ES512, PS256, PS384 or PS512.</summary>
    public required string Algorithm { get; init; }

    /// <summary><c>notary.x509</c> or <c>notary.x509.signingAuthority</c>.</summary>
    public required string SigningScheme { get; init; }

    public DateTimeOffset? SigningTime { get; init; }

    public DateTimeOffset? AuthenticSigningTime { get; init; }

    public DateTimeOffset? Expiry { get; init; }

    /// <summary>Whether an RFC 3161 timestamp countersignature is attached (unsigned attribute).</summary>
    public bool HasTimestamp { get; init; }

    /// <summary>The x5c / x5chain certificates as DER, leaf first; never empty.</summary>
    public required IReadOnlyList<byte[]> CertificateChain { get; init; }

    /// <summary>
    /// Whether the signature verifies with <paramref name="leaf"/>'s public key under <see cref="Algorithm"/>; false
    /// (never an exception) when the key does not suit the algorithm.
    /// </summary>
    public abstract bool VerifySignature(X509Certificate2 leaf);
}
