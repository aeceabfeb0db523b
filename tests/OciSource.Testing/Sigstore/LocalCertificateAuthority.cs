using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Testing.Sigstore;

/// <summary>
/// A local Fulcio-like CA: a self-signed root and an intermediate, valid for years around the signing times used in
/// tests. It issues short-lived code-signing certificates with the Fulcio OIDC issuer extensions, a SAN, and an
/// embedded SCT: it first makes the precertificate (with the CT poison extension), has the CT log sign the
/// precertificate's TBS without the poison, then issues the final certificate with the SCT list extension.
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    public const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";
    public const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    public const string PoisonOid = "1.3.6.1.4.1.11129.2.4.3";
    public const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    private static readonly DateTimeOffset CaNotBefore = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CaNotAfter = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _rootKey = LocalKeys.Create();
    private readonly ECDsa _intermediateKey = LocalKeys.Create();

    /// <summary>Creates the root and the intermediate.</summary>
    public LocalCertificateAuthority()
    {
        var root = new CertificateRequest("CN=local-sigstore root, O=OciSource tests", _rootKey, HashAlgorithmName.SHA256);
        root.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        root.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        root.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(root.PublicKey, false));
        Root = root.CreateSelfSigned(CaNotBefore, CaNotAfter);

        var intermediate = new CertificateRequest("CN=local-sigstore intermediate, O=OciSource tests", _intermediateKey, HashAlgorithmName.SHA256);
        intermediate.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediate.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediate.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        intermediate.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediate.PublicKey, false));
        intermediate.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        Intermediate = intermediate.Create(Root, CaNotBefore, CaNotAfter, [1]);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>Issues a Fulcio-like leaf for <paramref name="signer"/> with an SCT from <paramref name="ct"/> embedded.</summary>
    public X509Certificate2 Issue(ECDsa signer, LocalSigningOptions options, LocalCtLog ct)
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notBefore = options.SigningTime + options.NotBefore;
        var notAfter = options.SigningTime + options.NotAfter;

        using var precertificate = Request(signer, options, new X509Extension(PoisonOid, [0x05, 0x00], true))
            .Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(_intermediateKey), notBefore, notAfter, serial);
        var tbs = TbsCertificate.Without(precertificate.RawData, PoisonOid);
        var issuerKeyHash = SHA256.HashData(Intermediate.PublicKey.ExportSubjectPublicKeyInfo());
        var sct = ct.Issue(tbs, issuerKeyHash, notBefore, options.CorruptSct);

        using var final = Request(signer, options, new X509Extension(SctListOid, LocalCtLog.ListExtensionValue(sct), false))
            .Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(_intermediateKey), notBefore, notAfter, serial);
        return X509CertificateLoader.LoadCertificate(final.RawData);
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
    }

    private CertificateRequest Request(ECDsa signer, LocalSigningOptions options, X509Extension last)
    {
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), signer, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        var san = new SubjectAlternativeNameBuilder();
        if (options.Subject.Contains("://", StringComparison.Ordinal))
        {
            san.AddUri(new Uri(options.Subject));
        }
        else
        {
            san.AddEmailAddress(options.Subject);
        }

        request.CertificateExtensions.Add(san.Build(true));
        request.CertificateExtensions.Add(new X509Extension(IssuerV1Oid, System.Text.Encoding.UTF8.GetBytes(options.Issuer), false));
        var issuer = new AsnWriter(AsnEncodingRules.DER);
        issuer.WriteCharacterString(UniversalTagNumber.UTF8String, options.Issuer);
        request.CertificateExtensions.Add(new X509Extension(IssuerV2Oid, issuer.Encode(), false));
        request.CertificateExtensions.Add(last);
        return request;
    }
}
