using System.Formats.Asn1;

namespace OciSource.Testing.Sigstore;

/// <summary>Reads a certificate's DER TBSCertificate, optionally without one extension (RFC 6962 §3.2 precertificate TBS).</summary>
internal static class TbsCertificate
{
    /// <summary>The TBSCertificate of <paramref name="certificate"/> with the extension <paramref name="removedOid"/> left out.</summary>
    public static byte[] Without(byte[] certificate, string removedOid)
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
                        if (new AsnReader(extension, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier() != removedOid)
                        {
                            writer.WriteEncodedValue(extension.Span);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }
}
