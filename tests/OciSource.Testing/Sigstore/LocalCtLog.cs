using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OciSource.Testing.Sigstore;

/// <summary>
/// A local certificate-transparency log key: issues RFC 6962 v1 SCTs for precertificate entries (the form Fulcio
/// embeds in its certificates), signed ECDSA P-256 SHA-256.
/// </summary>
public sealed class LocalCtLog : IDisposable
{
    private readonly ECDsa _key = LocalKeys.Create();

    /// <summary>The log id: SHA-256 of the key's SubjectPublicKeyInfo.</summary>
    public byte[] LogId => LocalKeys.LogId(_key);

    /// <summary>The DER SubjectPublicKeyInfo for the trusted root.</summary>
    public byte[] PublicKey => _key.ExportSubjectPublicKeyInfo();

    /// <summary>
    /// A serialized SCT (RFC 6962 §3.2) over <paramref name="precertificateTbs"/> issued by the key whose SPKI hashes to
    /// <paramref name="issuerKeyHash"/>: version, log id, timestamp, no extensions, then a digitally-signed struct.
    /// </summary>
    public byte[] Issue(byte[] precertificateTbs, byte[] issuerKeyHash, DateTimeOffset time, bool corrupt)
    {
        var timestamp = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(timestamp, (ulong)time.ToUnixTimeMilliseconds());
        using var signed = new MemoryStream();
        signed.Write([0, 0]); // v1, certificate_timestamp
        signed.Write(timestamp);
        signed.Write([0, 1]); // precert_entry
        signed.Write(issuerKeyHash);
        signed.Write([(byte)(precertificateTbs.Length >> 16), (byte)(precertificateTbs.Length >> 8), (byte)precertificateTbs.Length]);
        signed.Write(precertificateTbs);
        signed.Write([0, 0]); // no extensions
        var signature = LocalKeys.Sign(_key, signed.ToArray());
        if (corrupt)
        {
            signature = LocalKeys.Flip(signature);
        }

        using var sct = new MemoryStream();
        sct.WriteByte(0); // v1
        sct.Write(LogId);
        sct.Write(timestamp);
        sct.Write([0, 0]); // no extensions
        sct.Write([4, 3]); // sha256, ecdsa
        sct.Write([(byte)(signature.Length >> 8), (byte)signature.Length]);
        sct.Write(signature);
        return sct.ToArray();
    }

    /// <summary>The DER value of the SCT list extension (1.3.6.1.4.1.11129.2.4.2): an OCTET STRING holding the TLS list.</summary>
    public static byte[] ListExtensionValue(byte[] sct)
    {
        var list = new byte[4 + sct.Length];
        BinaryPrimitives.WriteUInt16BigEndian(list, (ushort)(2 + sct.Length));
        BinaryPrimitives.WriteUInt16BigEndian(list.AsSpan(2), (ushort)sct.Length);
        sct.CopyTo(list, 4);
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteOctetString(list);
        return writer.Encode();
    }

    public void Dispose() => _key.Dispose();
}
