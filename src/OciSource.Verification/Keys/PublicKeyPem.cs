using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace OciSource.Verification.Keys;

/// <summary>Reads a PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo) or a DER SubjectPublicKeyInfo into a <see cref="VerificationKey"/>.</summary>
public static class PublicKeyPem
{
    /// <summary>Largest PEM text accepted, in characters.</summary>
    public const int MaxPemLength = 16 * 1024;

    private const string EcOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Parses the first <c>PUBLIC KEY</c> block of <paramref name="pem"/>.</summary>
    /// <exception cref="KeyFormatException">No PEM public key, malformed, too large, or an unsupported algorithm or curve.</exception>
    public static VerificationKey Parse(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Length > MaxPemLength)
        {
            throw new KeyFormatException($"The public key file is larger than {MaxPemLength} characters.");
        }

        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "PUBLIC KEY")
        {
            throw new KeyFormatException("No PEM block labelled PUBLIC KEY was found.");
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
        }
        catch (FormatException e)
        {
            throw new KeyFormatException("The PEM public key is not valid base64.", e);
        }

        return FromSubjectPublicKeyInfo(der);
    }

    /// <summary>Parses a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="KeyFormatException">Malformed, or an unsupported algorithm or curve.</exception>
    public static VerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        string oid;
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(der.ToArray(), System.Formats.Asn1.AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            var algorithm = spki.ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
            if (oid == Ed25519Oid)
            {
                if (algorithm.HasData)
                {
                    throw new KeyFormatException("An Ed25519 key must not carry algorithm parameters.");
                }

                var bits = spki.ReadBitString(out var unused);
                if (unused != 0 || bits.Length != Ed25519PublicKeyParameters.KeySize || spki.HasData || reader.HasData)
                {
                    throw new KeyFormatException("The Ed25519 public key is malformed.");
                }

                Ed25519PublicKeyParameters point;
                try
                {
                    point = new Ed25519PublicKeyParameters(bits);
                }
                catch (ArgumentException e)
                {
                    throw new KeyFormatException("The Ed25519 public key is not a point of the curve.", e);
                }

                return new Ed25519VerificationKey(point, der.ToArray());
            }
        }
        catch (System.Formats.Asn1.AsnContentException e)
        {
            throw new KeyFormatException("The public key is not a DER SubjectPublicKeyInfo.", e);
        }

        return oid switch
        {
            EcOid => Ecdsa(der),
            RsaOid => Rsa(der),
            _ => throw new KeyFormatException($"Public keys of algorithm {oid} are not supported (ECDSA P-256/P-384/P-521, RSA, Ed25519 are)."),
        };
    }

    private static EcdsaVerificationKey Ecdsa(ReadOnlySpan<byte> der)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length)
            {
                throw new KeyFormatException("The public key has trailing bytes.");
            }

            var curve = key.ExportParameters(false).Curve.Oid.Value switch
            {
                "1.2.840.10045.3.1.7" => "P-256",
                "1.3.132.0.34" => "P-384",
                "1.3.132.0.35" => "P-521",
                var other => throw new KeyFormatException($"ECDSA curve {other} is not supported (P-256, P-384, P-521 are)."),
            };
            return new EcdsaVerificationKey(key, curve);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new KeyFormatException("The ECDSA public key is malformed.", e);
        }
        catch (PlatformNotSupportedException e)
        {
            key.Dispose();
            throw new KeyFormatException("The ECDSA public key names a curve that is not supported (P-256, P-384, P-521 are).", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static RsaVerificationKey Rsa(ReadOnlySpan<byte> der)
    {
        var key = RSA.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length)
            {
                throw new KeyFormatException("The public key has trailing bytes.");
            }

            if (key.KeySize < 2048)
            {
                throw new KeyFormatException($"RSA keys under 2048 bits are refused (this one has {key.KeySize}).");
            }

            return new RsaVerificationKey(key);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new KeyFormatException("The RSA public key is malformed.", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
