namespace OciSource.Verification.Keys;

/// <summary>
/// A public key that checks signatures. Implementations never throw for a signature that does not verify: they
/// return <see langword="false"/>; they throw <see cref="KeyFormatException"/> only when asked for something the key
/// cannot do (for instance a prehashed check with Ed25519).
/// </summary>
public abstract class VerificationKey : IDisposable
{
    private readonly byte[] subjectPublicKeyInfo;

    /// <summary>Creates the key from its DER SubjectPublicKeyInfo (kept for comparisons).</summary>
    protected VerificationKey(byte[] subjectPublicKeyInfo)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    /// <summary>The key's DER SubjectPublicKeyInfo, for instance to compare with a key recorded in a transparency log.</summary>
    public ReadOnlySpan<byte> SubjectPublicKeyInfo => subjectPublicKeyInfo;

    /// <summary>Short algorithm name for messages, such as <c>ECDSA P-256</c>.</summary>
    public abstract string Algorithm { get; }

    /// <summary>The hash the key's scheme uses by default (SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521 and Ed25519).</summary>
    public abstract System.Security.Cryptography.HashAlgorithmName DefaultHash { get; }

    /// <summary>Checks <paramref name="signature"/> over <paramref name="data"/> hashed with <see cref="DefaultHash"/> (Ed25519 signs the data itself).</summary>
    public abstract bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>Checks <paramref name="signature"/> over a digest already computed with <paramref name="hash"/>.</summary>
    /// <exception cref="KeyFormatException">The key's scheme cannot verify a precomputed digest (Ed25519).</exception>
    public abstract bool VerifyDigest(ReadOnlySpan<byte> digest, System.Security.Cryptography.HashAlgorithmName hash, ReadOnlySpan<byte> signature);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the underlying key.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
