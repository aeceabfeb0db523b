using System.Security.Cryptography;

namespace OciSource.Testing.Sigstore;

/// <summary>ECDSA P-256 helpers shared by the local Sigstore's CA, CT log and Rekor: key creation, log ids, DER signatures.</summary>
internal static class LocalKeys
{
    public static ECDsa Create() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The log id of a CT or Rekor v1 log: SHA-256 of its DER SubjectPublicKeyInfo.</summary>
    public static byte[] LogId(ECDsa key) => SHA256.HashData(key.ExportSubjectPublicKeyInfo());

    /// <summary>An ECDSA-SHA256 signature in ASN.1 DER form, as Sigstore's logs write it.</summary>
    public static byte[] Sign(ECDsa key, ReadOnlySpan<byte> data) =>
        key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>A copy of <paramref name="bytes"/> with one bit of its last byte flipped.</summary>
    public static byte[] Flip(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }
}
