using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace OciSource.Verification.Keys;

/// <summary>Ed25519 (pure, RFC 8032) through BouncyCastle, which the BCL lacks. It signs messages, never digests.</summary>
internal sealed class Ed25519VerificationKey(Ed25519PublicKeyParameters key, byte[] subjectPublicKeyInfo) : VerificationKey(subjectPublicKeyInfo)
{
    public override string Algorithm => "Ed25519";

    public override HashAlgorithmName DefaultHash => HashAlgorithmName.SHA512;

    public override bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed25519PublicKeyParameters.KeySize * 2)
        {
            return false;
        }

        var signer = new Ed25519Signer();
        signer.Init(false, key);
        signer.BlockUpdate(data);
        return signer.VerifySignature(signature.ToArray());
    }

    public override bool VerifyDigest(ReadOnlySpan<byte> digest, HashAlgorithmName hash, ReadOnlySpan<byte> signature) =>
        throw new KeyFormatException("An Ed25519 key verifies signatures over the message, not over a digest.");
}
