using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>Server certificates from a <see cref="TestCertificateAuthority"/> for cloud host names (<c>login.microsoftonline.com</c>, <c>x.azurecr.io</c>).</summary>
public static class SimulatorCertificate
{
    /// <summary>A server certificate valid for <paramref name="hostNames"/>, 127.0.0.1 and localhost, signed by <paramref name="authority"/>.</summary>
    public static X509Certificate2 Issue(TestCertificateAuthority authority, IEnumerable<string> hostNames)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hostNames)
        {
            names.AddDnsName(host);
        }

        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=azure-simulator", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority.Certificate, true, false));
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(authority.Certificate, now.AddHours(-1), authority.Certificate.NotAfter.ToUniversalTime().AddDays(-1), serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        // Kestrel on Linux wants a key it can export into its SSL context: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
