using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// Verifies an RFC 3161 timestamp over a signature: the token must be signed by a timestamp authority of the trusted
/// root whose chain was valid at the stamped time, that time must lie in the authority's validity window, and the
/// stamped message must be the signature.
/// </summary>
internal static class TimestampVerifier
{
    /// <returns>The verified time.</returns>
    /// <exception cref="SigstoreVerificationException">The timestamp is malformed, not over the signature, or not from a trusted authority.</exception>
    public static DateTimeOffset Verify(byte[] encoded, byte[] signature, TrustedRoot root)
    {
        if (!Rfc3161TimestampToken.TryDecode(ContentInfo(encoded), out var token, out _))
        {
            throw new SigstoreVerificationException("The RFC 3161 timestamp cannot be read.");
        }

        var time = token.TokenInfo.Timestamp;
        var anyAuthority = false;
        foreach (var authority in root.TimestampAuthorities.Where(a => a.ValidFor.Contains(time)))
        {
            anyAuthority = true;
            var candidates = new X509Certificate2Collection(authority.Chain.ToArray());
            if (!token.VerifySignatureForData(signature, out var signer, candidates) || signer is null)
            {
                continue;
            }

            if (ChainBuilder.Chains(signer, authority.Chain, time))
            {
                return time;
            }
        }

        throw new SigstoreVerificationException(anyAuthority
            ? $"The RFC 3161 timestamp ({time:O}) is not a timestamp of the signature by a timestamp authority of the trusted root."
            : $"No timestamp authority of the trusted root was valid at the timestamp's time ({time:O}).");
    }

    /// <summary>The bundle carries a TimeStampResp (status + token) or the bare token; returns the token's ContentInfo.</summary>
    private static byte[] ContentInfo(byte[] encoded)
    {
        try
        {
            var sequence = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence();
            var first = sequence.ReadEncodedValue();
            var inner = new AsnReader(first, AsnEncodingRules.BER);
            if (inner.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var status = inner.ReadSequence();
                if (!status.TryReadInt32(out var code) || code is not (0 or 1))
                {
                    throw new SigstoreVerificationException("The RFC 3161 timestamp response does not grant a timestamp.");
                }

                return sequence.ReadEncodedValue().ToArray();
            }

            return encoded;
        }
        catch (AsnContentException e)
        {
            throw new SigstoreVerificationException("The RFC 3161 timestamp is malformed.", e);
        }
        catch (CryptographicException e)
        {
            throw new SigstoreVerificationException("The RFC 3161 timestamp is malformed.", e);
        }
    }
}
