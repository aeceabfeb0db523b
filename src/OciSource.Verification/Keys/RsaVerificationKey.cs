using System.Security.Cryptography;

namespace OciSource.Verification.Keys;

/// <summary>RSA with PKCS#1 v1.5 padding and SHA-256 (what cosign and Sigstore use); keys under 2048 bits are refused when parsed.</summary>
internal sealed class RsaVerificationKey(RSA key) : VerificationKey(key.ExportSubjectPublicKeyInfo())
{
    public override string Algorithm => $"RSA {key.KeySize}";

    public override HashAlgorithmName DefaultHash => HashAlgorithmName.SHA256;

    public override bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        key.VerifyData(data, signature, DefaultHash, RSASignaturePadding.Pkcs1);

    public override bool VerifyDigest(ReadOnlySpan<byte> digest, HashAlgorithmName hash, ReadOnlySpan<byte> signature) =>
        key.VerifyHash(digest, signature, hash, RSASignaturePadding.Pkcs1);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            key.Dispose();
        }

        base.Dispose(disposing);
    }
}
