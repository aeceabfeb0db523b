using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OciSource.Verification.Sigstore;

/// <summary>Reads the signer identity of a Fulcio certificate: its subject alternative names and its OIDC issuer.</summary>
internal static class FulcioIdentity
{
    private const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";
    private const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>The OIDC issuer: the v2 extension (a DER UTF8String) when present, else the v1 one (raw bytes).</summary>
    public static string? Issuer(X509Certificate2 certificate)
    {
        if (certificate.Extensions[IssuerV2Oid] is { } v2)
        {
            try
            {
                return new AsnReader(v2.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
            }
            catch (AsnContentException e)
            {
                throw new SigstoreVerificationException("The certificate's OIDC issuer extension is malformed.", e);
            }
        }

        return certificate.Extensions[IssuerV1Oid] is { } v1 ? Encoding.UTF8.GetString(v1.RawData) : null;
    }

    /// <summary>The URIs, e-mail addresses, DNS names and Fulcio other names of the SAN extension.</summary>
    public static IReadOnlyList<string> SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        if (certificate.Extensions[SubjectAltNameOid] is not { } extension)
        {
            return names;
        }

        try
        {
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    sequence.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1 or 2 or 6:
                        names.Add(Encoding.ASCII.GetString(sequence.ReadOctetString(tag)));
                        break;
                    case 0:
                        var other = sequence.ReadSequence(tag);
                        other.ReadObjectIdentifier();
                        var value = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                        names.Add(value.ReadCharacterString(UniversalTagNumber.UTF8String));
                        break;
                    default:
                        sequence.ReadEncodedValue();
                        break;
                }
            }
        }
        catch (AsnContentException e)
        {
            throw new SigstoreVerificationException("The certificate's subject alternative names are malformed.", e);
        }

        return names;
    }
}
