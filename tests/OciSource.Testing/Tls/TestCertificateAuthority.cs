using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Testing.Tls;

/// <summary>
/// A throw-away certificate authority (ECDSA P-256) that issues server certificates for loopback and client
/// certificates, and writes them as PEM files for the processes under test.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public static TestCertificateAuthority Create(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(request.CreateSelfSigned(now.AddHours(-1), now.AddDays(31)));
    }

    /// <summary>A server certificate valid for 127.0.0.1, ::1 and localhost.</summary>
    public X509Certificate2 IssueServerCertificate(string commonName)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        return Issue($"CN={commonName}", ServerAuth, names.Build());
    }

    /// <summary>A client certificate; Kubernetes reads <paramref name="organization"/> as the user's group.</summary>
    public X509Certificate2 IssueClientCertificate(string commonName, string organization) =>
        Issue($"CN={commonName}, O={organization}", ClientAuth, subjectAlternativeNames: null);

    /// <summary>Writes the CA certificate as PEM.</summary>
    public void WriteCertificate(string path) => File.WriteAllText(path, Certificate.ExportCertificatePem());

    /// <summary>Writes a certificate and its PKCS#8 private key as PEM files.</summary>
    public static void WritePemFiles(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The certificate carries no ECDSA private key.");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A handler that trusts only this CA and, if given, presents <paramref name="clientCertificate"/>.</summary>
    public SocketsHttpHandler CreateHandler(X509Certificate2? clientCertificate = null)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(Certificate.RawData));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = policy;
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return handler;
    }

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, Oid usage, X509Extension? subjectAlternativeNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (subjectAlternativeNames is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeNames);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(Certificate, now.AddHours(-1), Certificate.NotAfter.ToUniversalTime().AddDays(-1), serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
