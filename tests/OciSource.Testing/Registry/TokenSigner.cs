using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Registry;

/// <summary>
/// Signs registry tokens (compact JWS, ES256 on P-256). The header carries the signing certificate as <c>x5c</c>;
/// distribution 2.8 checks that chain against its <c>auth.token.rootcertbundle</c>, into which
/// <see cref="WriteCertificate"/> writes the same self-signed certificate.
/// </summary>
internal sealed class TokenSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;
    private readonly string _encodedHeader;

    private TokenSigner(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        _certificate = certificate;
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData)),
        };
        _encodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
    }

    public static TokenSigner Create()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ocisource-test-token-signer", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var now = DateTimeOffset.UtcNow;
        return new TokenSigner(key, request.CreateSelfSigned(now.AddHours(-1), now.AddDays(30)));
    }

    /// <summary>Writes the certificate the registry must trust, as PEM.</summary>
    public void WriteCertificate(string path) => File.WriteAllText(path, _certificate.ExportCertificatePem());

    /// <summary>A compact JWS of <paramref name="claims"/>.</summary>
    public string Sign(JsonObject claims)
    {
        var signingInput = _encodedHeader + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        // IEEE P1363 (r‖s), the JWS encoding of ECDSA signatures, is .NET's default for ECDsa.SignData.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
