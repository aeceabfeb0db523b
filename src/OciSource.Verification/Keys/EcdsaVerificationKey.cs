using System.Security.Cryptography;

namespace OciSource.Verification.Keys;

/// <summary>ECDSA on P-256, P-384 or P-521; signatures are DER (RFC 3279), as Sigstore and cosign write them.</summary>
internal sealed class EcdsaVerificationKey(ECDsa key, string curve) : VerificationKey(key.ExportSubjectPublicKeyInfo())
{
    public override string Algorithm => "ECDSA " + curve;

    public override HashAlgorithmName DefaultHash => curve switch
    {
        "P-384" => HashAlgorithmName.SHA384,
        "P-521" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    public override bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        key.VerifyData(data, signature, DefaultHash, DSASignatureFormat.Rfc3279DerSequence);

    public override bool VerifyDigest(ReadOnlySpan<byte> digest, HashAlgorithmName hash, ReadOnlySpan<byte> signature) =>
        key.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            key.Dispose();
        }

        base.Dispose(disposing);
    }
}
