using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// Verifies the SCTs embedded in a Fulcio certificate (RFC 6962 §3.2, precertificate entries) against the CT logs of
/// the trusted root: at least one SCT must be signed by a known log whose key was valid at the SCT's time.
/// </summary>
internal static class SignedCertificateTimestamps
{
    private const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    /// <exception cref="SigstoreVerificationException">No SCT, or none verifies with a CT log of the root.</exception>
    public static void Verify(X509Certificate2 leaf, X509Certificate2 issuer, TrustedRoot root)
    {
        var extension = leaf.Extensions[SctListOid]
            ?? throw new SigstoreVerificationException("The signing certificate carries no SCT: it was not logged to certificate transparency.");
        byte[] list;
        try
        {
            list = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadOctetString();
        }
        catch (AsnContentException e)
        {
            throw new SigstoreVerificationException("The certificate's SCT list is malformed.", e);
        }

        var tbs = PrecertificateTbs(leaf.RawData);
        var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        var span = list.AsSpan();
        if (span.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(span) != span.Length - 2)
        {
            throw new SigstoreVerificationException("The certificate's SCT list is malformed.");
        }

        span = span[2..];
        while (span.Length > 0)
        {
            if (span.Length < 2)
            {
                break;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(span);
            if (span.Length < 2 + length)
            {
                break;
            }

            if (VerifyOne(span.Slice(2, length), tbs, issuerKeyHash, root))
            {
                return;
            }

            span = span[(2 + length)..];
        }

        throw new SigstoreVerificationException("No SCT of the signing certificate verifies with a CT log of the trusted root.");
    }

    private static bool VerifyOne(ReadOnlySpan<byte> sct, byte[] tbs, byte[] issuerKeyHash, TrustedRoot root)
    {
        // version(1) log_id(32) timestamp(8) extensions(2+n) hash(1) sig(1) signature(2+n)
        if (sct.Length < 1 + 32 + 8 + 2 || sct[0] != 0)
        {
            return false;
        }

        var logId = sct.Slice(1, 32);
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(sct.Slice(33, 8));
        int extensionsLength = BinaryPrimitives.ReadUInt16BigEndian(sct.Slice(41, 2));
        if (sct.Length < 43 + extensionsLength + 4)
        {
            return false;
        }

        var extensions = sct.Slice(43, extensionsLength);
        var rest = sct[(43 + extensionsLength)..];
        int signatureLength = BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2, 2));
        if (rest.Length != 4 + signatureLength)
        {
            return false;
        }

        var signature = rest[4..];
        if (timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)timestamp);
        var id = logId.ToArray();
        var log = root.CtLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(id) && l.ValidFor.Contains(time));
        if (log is null)
        {
            return false;
        }

        using var signed = new MemoryStream();
        signed.WriteByte(0); // version v1
        signed.WriteByte(0); // certificate_timestamp
        signed.Write(sct.Slice(33, 8));
        signed.WriteByte(0);
        signed.WriteByte(1); // precert_entry
        signed.Write(issuerKeyHash);
        signed.WriteByte((byte)(tbs.Length >> 16));
        signed.WriteByte((byte)(tbs.Length >> 8));
        signed.WriteByte((byte)tbs.Length);
        signed.Write(tbs);
        signed.WriteByte((byte)(extensions.Length >> 8));
        signed.WriteByte((byte)extensions.Length);
        signed.Write(extensions);
        return log.Key.VerifyData(signed.ToArray(), signature);
    }

    /// <summary>The TBSCertificate of <paramref name="certificate"/> without its SCT list extension, as the CT log signed it.</summary>
    internal static byte[] PrecertificateTbs(byte[] certificate)
    {
        try
        {
            var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                while (tbs.HasData)
                {
                    var tag = tbs.PeekTag();
                    if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3)))
                    {
                        var explicitExtensions = tbs.ReadSequence(tag);
                        var extensions = explicitExtensions.ReadSequence();
                        using (writer.PushSequence(tag))
                        using (writer.PushSequence())
                        {
                            while (extensions.HasData)
                            {
                                var extension = extensions.ReadEncodedValue();
                                var oid = new AsnReader(extension, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
                                if (oid != SctListOid)
                                {
                                    writer.WriteEncodedValue(extension.Span);
                                }
                            }
                        }
                    }
                    else
                    {
                        writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    }
                }
            }

            return writer.Encode();
        }
        catch (AsnContentException e)
        {
            throw new SigstoreVerificationException("The signing certificate is malformed.", e);
        }
    }
}
