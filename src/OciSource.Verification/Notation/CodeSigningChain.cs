using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace OciSource.Verification.Notation;

/// <summary>
/// A notation signature's certificate chain (leaf first), validated as the Notary Project signature specification's
/// certificate requirements say (notation-core-go's code-signing chain validation): a single certificate must be a
/// self-signed, self-issued leaf; a longer chain must have every certificate issued by the next (issuer name and
/// signature), end with a self-signed root and hold no other self-signed certificate; every certificate is valid at
/// the signing time; the leaf is not a CA, has a critical key usage of digital signature only, no server/client
/// auth, e-mail, time-stamping or OCSP extended key usage, and an RSA 2048/3072/4096 or ECDSA P-256/384/521 key;
/// every CA is a CA with a critical key usage including certificate signing and a path length constraint that
/// allows the certificates below it. No network access, no system roots: trust is decided by the caller.
/// </summary>
internal sealed class CodeSigningChain : IDisposable
{
    private const string KeyUsageOid = "2.5.29.15";
    private const string CrlDistributionPointsOid = "2.5.29.31";

    private static readonly Dictionary<string, string> ExcludedLeafUsages = new(StringComparer.Ordinal)
    {
        ["1.3.6.1.5.5.7.3.1"] = "server authentication",
        ["1.3.6.1.5.5.7.3.2"] = "client authentication",
        ["1.3.6.1.5.5.7.3.4"] = "e-mail protection",
        ["1.3.6.1.5.5.7.3.8"] = "time stamping",
        ["1.3.6.1.5.5.7.3.9"] = "OCSP signing",
    };

    private CodeSigningChain(List<X509Certificate2> certificates) => Certificates = certificates;

    /// <summary>The certificates, leaf first.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public X509Certificate2 Leaf => Certificates[0];

    /// <summary>Decodes the DER certificates of <paramref name="chain"/>.</summary>
    /// <exception cref="SignatureEnvelopeException">Empty, or a certificate does not decode; the only exception thrown.</exception>
    public static CodeSigningChain Decode(IReadOnlyList<byte[]> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
        {
            throw new SignatureEnvelopeException("the signature carries no certificate");
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var der in chain)
            {
                var certificate = X509CertificateLoader.LoadCertificate(der);
                certificates.Add(certificate);

                // Fields the checks read later are decoded now, so a malformed one is a decoding error here.
                _ = (certificate.NotBefore, certificate.NotAfter, certificate.Subject, HasRevocationInformation(certificate));
                _ = NotaryAlgorithms.ForKey(certificate);
            }
        }
        catch (CryptographicException e)
        {
            certificates.ForEach(c => c.Dispose());
            throw new SignatureEnvelopeException($"certificate {certificates.Count + 1} of the signature's chain does not decode", e);
        }

        return new CodeSigningChain(certificates);
    }

    /// <summary>The first violation of the certificate requirements at <paramref name="signingTime"/>, or <see langword="null"/>.</summary>
    public string? Validate(DateTimeOffset? signingTime)
    {
        try
        {
            return Violation(signingTime);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidOperationException or FormatException
                                      or Org.BouncyCastle.Security.GeneralSecurityException or IOException or InvalidCastException)
        {
            return "the certificate chain holds a malformed certificate: " + e.Message;
        }
    }

    /// <summary>The first certificate not valid at <paramref name="time"/>, as a reason, or <see langword="null"/>.</summary>
    public string? InvalidAt(DateTimeOffset time)
    {
        foreach (var certificate in Certificates)
        {
            if (time < new DateTimeOffset(certificate.NotBefore) || time > new DateTimeOffset(certificate.NotAfter))
            {
                return $"certificate \"{certificate.Subject}\" is not valid at {time:u}: it is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}";
            }
        }

        return null;
    }

    /// <summary>
    /// The certificates (all but the root) that name an OCSP responder or CRL distribution point: their revocation
    /// status cannot be learned offline. Certificates naming neither are "non-revokable" in notation's terms.
    /// </summary>
    public IEnumerable<X509Certificate2> WithRevocationInformation() =>
        Certificates.Take(Certificates.Count == 1 ? 0 : Certificates.Count - 1).Where(HasRevocationInformation);

    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }

    private static bool HasRevocationInformation(X509Certificate2 certificate) =>
        certificate.Extensions[CrlDistributionPointsOid] is not null
        || (certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().FirstOrDefault() is { } aia && aia.EnumerateOcspUris().Any());

    private string? Violation(DateTimeOffset? signingTime)
    {
        var count = Certificates.Count;
        for (var i = 0; i < count; i++)
        {
            var certificate = Certificates[i];
            var name = $"certificate \"{certificate.Subject}\"";
            if (signingTime is { } time && (time < new DateTimeOffset(certificate.NotBefore) || time > new DateTimeOffset(certificate.NotAfter)))
            {
                return $"{name} was not valid at the signing time {time:u}";
            }

            var selfSigned = IssuedBy(certificate, certificate);
            if (i == count - 1 && !selfSigned)
            {
                return count == 1
                    ? $"{name} is a single certificate that is not self-signed and self-issued"
                    : $"root {name} is not self-signed; the chain must end with a self-signed root";
            }

            if (i < count - 1)
            {
                if (selfSigned)
                {
                    return $"{name} is self-signed but is not the last certificate of the chain";
                }

                if (!IssuedBy(certificate, Certificates[i + 1]))
                {
                    return $"{name} is not issued by \"{Certificates[i + 1].Subject}\"";
                }
            }

            var problem = i == 0 ? LeafProblem(certificate) : CaProblem(certificate, i - 1);
            if (problem is not null)
            {
                return $"{name}: {problem}";
            }
        }

        return null;
    }

    private static bool IssuedBy(X509Certificate2 subject, X509Certificate2 issuer)
    {
        if (!subject.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
        {
            return false;
        }

        try
        {
            return new BcCertificate(subject.RawData).IsSignatureValid(new BcCertificate(issuer.RawData).GetPublicKey());
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // BouncyCastle reports an unsupported key or signature algorithm, or a malformed key, in many exception
            // types; any of them means the signature cannot be shown to verify.
            return false;
        }
    }

    private static string? LeafProblem(X509Certificate2 leaf)
    {
        if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            return "a signing (leaf) certificate must not be a CA";
        }

        if (KeyUsage(leaf) is not { } usage)
        {
            return "the key usage extension must be present and critical";
        }

        if ((usage & X509KeyUsageFlags.DigitalSignature) == 0
            || (usage & ~(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) != 0)
        {
            return $"the key usage must be digital signature only, not {usage}";
        }

        if (leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } eku)
        {
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                if (oid.Value is { } value && ExcludedLeafUsages.TryGetValue(value, out var excluded))
                {
                    return $"the extended key usage must not include {excluded}";
                }
            }
        }

        return NotaryAlgorithms.ForKey(leaf) is null
            ? "the key must be RSA 2048, 3072 or 4096 bits or ECDSA P-256, P-384 or P-521"
            : null;
    }

    private static string? CaProblem(X509Certificate2 ca, int below)
    {
        if (ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true } constraints)
        {
            return "a CA certificate must have basic constraints with CA set to true";
        }

        if (constraints.HasPathLengthConstraint && constraints.PathLengthConstraint < below)
        {
            return $"its path length constraint {constraints.PathLengthConstraint} does not allow {below} CA certificates below it";
        }

        return KeyUsage(ca) is { } usage && (usage & X509KeyUsageFlags.KeyCertSign) != 0
            ? null
            : "a CA certificate must have a critical key usage including certificate signing";
    }

    private static X509KeyUsageFlags? KeyUsage(X509Certificate2 certificate) =>
        certificate.Extensions[KeyUsageOid] is X509KeyUsageExtension { Critical: true } usage ? usage.KeyUsages : null;
}
