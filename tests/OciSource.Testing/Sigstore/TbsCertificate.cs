using System.Formats.Asn1;

namespace OciSource.Testing.Sigstore;

/// <summary>
/// Rewrites a certificate's DER TBSCertificate: one extension left out (the RFC 6962 §3.2 precertificate TBS) or
/// given another value, and a certificate put back together around a new TBS (its signature then no longer matches:
/// for parsers that do not check it).
/// </summary>
public static class TbsCertificate
{
    /// <summary>The TBSCertificate of <paramref name="certificate"/> with the extension <paramref name="oid"/> left out.</summary>
    public static byte[] Without(byte[] certificate, string oid) => Rewrite(certificate, oid, null);

    /// <summary><paramref name="certificate"/> with the value of extension <paramref name="oid"/> replaced by <paramref name="value"/> (DER).</summary>
    public static byte[] WithExtensionValue(byte[] certificate, string oid, byte[] value)
    {
        var outer = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence();
        outer.ReadEncodedValue();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(Rewrite(certificate, oid, value));
            while (outer.HasData)
            {
                writer.WriteEncodedValue(outer.ReadEncodedValue().Span);
            }
        }

        return writer.Encode();
    }

    private static byte[] Rewrite(byte[] certificate, string oid, byte[]? value)
    {
        var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        using (writer.PushSequence())
        {
            while (tbs.HasData)
            {
                if (!tbs.PeekTag().HasSameClassAndValue(extensionsTag))
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    continue;
                }

                var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                using (writer.PushSequence(extensionsTag))
                using (writer.PushSequence())
                {
                    while (extensions.HasData)
                    {
                        var extension = extensions.ReadEncodedValue();
                        if (new AsnReader(extension, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier() != oid)
                        {
                            writer.WriteEncodedValue(extension.Span);
                        }
                        else if (value is not null)
                        {
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(oid);
                                writer.WriteOctetString(value);
                            }
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }
}
